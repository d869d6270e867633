package io.asm.gateway;

import static io.asm.devkit.StandInServer.send;

import com.sun.net.httpserver.HttpExchange;
import io.asm.devkit.StandInServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for the owning services: answers the internal routes with fixed documents and records the last call,
 * so gateway tests can check both what the clients parse and what the services would receive. cluster-service
 * points at a closed port, to show what a caller sees when a service is down.
 */
public class StandInServices implements QuarkusTestResourceLifecycleManager {

    public record Call(String method, String path, String query, Map<String, String> headers, String body) {}

    /** Well-formed mesh ids the stand-in treats specially: one it does not know, one it answers too late. */
    public static final String MISSING_MESH = "c" + "0".repeat(29) + "404";

    public static final String SLOW_MESH = "c" + "0".repeat(29) + "504";

    public static volatile Call last;
    private StandInServer server;

    public static final String MESH_DETAIL = """
            {"ServiceMesh":{"Clusters":["c1a2b3","c4d5e6"],
             "Endpoints":{"IntranetApiServerEndpoint":"https://10.0.0.5:6443","IntranetPilotEndpoint":"10.0.0.6:15012",
                          "PublicApiServerEndpoint":"","PublicPilotEndpoint":""},
             "ServiceMeshInfo":{"CreationTime":"2026-11-28T10:00:00+08:00","ErrorMessage":"","Name":"demo",
                                "RegionId":"cn-hangzhou","ServiceMeshId":"c08ba3fd1e6484b0f8cc1ad8fe10d1234",
                                "State":"running","UpdateTime":"2026-11-28T10:00:02+08:00",
                                "Version":"v1.22.6.71-g3b7b5b62-aliyun","Profile":"Default"},
             "Spec":{"LoadBalancer":{"ApiServerLoadbalancerId":"lb-1","ApiServerPublicEip":false,"PilotPublicEip":false,
                                     "PilotPublicLoadbalancerId":""},
                     "MeshConfig":{"EnableLocalityLB":true,"Telemetry":true,"Tracing":true,"CustomizedZipkin":false,
                                   "OutboundTrafficPolicy":"ALLOW_ANY","IncludeIPRanges":"*","Edition":"Default",
                                   "Pilot":{"TraceSampling":42.5,"Http10Enabled":false},
                                   "OPA":{"Enabled":true,"LogLevel":"info","RequestCPU":"1","RequestMemory":"512Mi",
                                          "LimitCPU":"2","LimitMemory":"1Gi"},
                                   "Audit":{"Enabled":true,"Project":"mesh-log-c08ba3fd1e6484b0f8cc1ad8fe10d1234"}},
                     "Network":{"SecurityGroupId":"sg-1","VpcId":"vpc-1","VSwitches":["vsw-a","vsw-b"]}}}}""";

    @Override
    public Map<String, String> start() {
        server = StandInServer.start(8, this::answer);
        String url = server.url();
        return Map.of(
                "asm.gateway.services.mesh",
                url,
                "asm.gateway.services.vm",
                url,
                "asm.gateway.services.observability",
                url,
                "asm.gateway.services.cluster",
                "http://127.0.0.1:1");
    }

    private void answer(HttpExchange ex) throws IOException {
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        last = new Call(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), headers, body);
        if (path.contains(SLOW_MESH)) {
            sleep(5000);
        }
        if (path.contains(MISSING_MESH)) {
            send(
                    ex,
                    404,
                    "{\"RequestId\":\"x\",\"HostId\":\"h\",\"Code\":\"ServiceMesh.NotFound\","
                            + "\"Message\":\"The Service Mesh cluster does not exist.\",\"Recommend\":\"r\"}");
        } else if (path.equals("/meshes") && ex.getRequestMethod().equals("POST")) {
            send(ex, 200, "{\"ServiceMeshId\":\"c0123456789abcdef0123456789abcdef\"}");
        } else if (path.endsWith("/vm-meta")) {
            send(
                    ex,
                    200,
                    "{\"VmMetaInfo\":{\"RootCertPath\":\"/var/run/secrets/istio/root-cert.pem\","
                            + "\"RootCertContent\":\"-----BEGIN CERTIFICATE-----\",\"EnvoyEnvContent\":\"CANONICAL_SERVICE=http\"}}");
        } else if (path.endsWith("/kubeconfig")) {
            send(ex, 200, "{\"Kubeconfig\":\"apiVersion: v1\\nkind: Config\\n\"}");
        } else if (path.startsWith("/meshes/")
                && path.chars().filter(c -> c == '/').count() == 2) {
            send(ex, 200, MESH_DETAIL);
        } else {
            send(ex, 200, "{}");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        server.close();
    }
}
