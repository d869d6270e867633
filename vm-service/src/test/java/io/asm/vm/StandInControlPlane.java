package io.asm.vm;

import static io.asm.devkit.StandInServer.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * mesh-service and cluster-service as vm-service uses them. Meshes {@code m-*} belong to accounts {@code 100} and {@code 101}:
 * {@code m-init} is still being created, the others run, each with its own simulated mesh API server (Istio CRDs
 * installed). Member clusters are simulated API servers listed in {@link #MEMBERS}; a cluster in {@link #BROKEN} gets
 * no credentials. Workload certificates are canned PEM text; the requests are kept for assertions.
 */
public class StandInControlPlane implements QuarkusTestResourceLifecycleManager {

    public static final String OWNER = "100";
    /** Owns the meshes too: a second account, so a quota test does not count the other tests' applications. */
    public static final String QUOTA_OWNER = "101";

    public static final String PILOT = "192.0.2.10:15012";
    public static final String LEAF = "-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n";
    public static final String ROOT = "-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----\n";
    public static final String KEY = "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n";
    public static final Map<String, SimulatedCluster> MESH_SERVERS = new ConcurrentHashMap<>();
    public static final Map<String, List<String>> MEMBERS = new ConcurrentHashMap<>();
    public static final Map<String, SimulatedCluster> CLUSTERS = new ConcurrentHashMap<>();
    public static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();
    public static final List<String> CERTIFICATE_REQUESTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** The mesh's API server, made on first use. */
    public static synchronized SimulatedCluster meshServer(String meshId) {
        return MESH_SERVERS.computeIfAbsent(meshId, id -> {
            try {
                return SimulatorResource.simulator().create("mesh-" + id, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::answer);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "asm.vm.mesh-service-url",
                url,
                "asm.vm.cluster-service-url",
                url,
                "quarkus.rest-client.mesh-service.url",
                url,
                "quarkus.rest-client.cluster-service.url",
                url);
    }

    private void answer(HttpExchange ex) throws IOException {
        String[] path = ex.getRequestURI().getPath().split("/"); // "", meshes|clusters, id[, what]
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = path.length > 2 ? path[2] : "";
        String what = path.length > 3 ? path[3] : "";
        boolean owner =
                Set.of(OWNER, QUOTA_OWNER).contains(ex.getRequestHeaders().getFirst("X-Asm-Account-Id"))
                        && "test-internal-token-0123456789"
                                .equals(ex.getRequestHeaders().getFirst("X-Asm-Internal-Token"));
        if (path[1].equals("clusters")) {
            if (!owner || BROKEN.contains(id) || !CLUSTERS.containsKey(id)) {
                send(ex, 503, "{\"Code\":\"ServiceUnavailable\",\"Message\":\"The cluster cannot be reached.\"}");
            } else {
                send(
                        ex,
                        200,
                        json(Map.of(
                                "ClusterId",
                                id,
                                "Kubeconfig",
                                CLUSTERS.get(id).kubeconfig(),
                                "ExpirationTime",
                                "2030-01-01T00:00:00Z")));
            }
        } else if (!owner || !id.startsWith("m-")) {
            send(
                    ex,
                    404,
                    "{\"Code\":\"ServiceMesh.NotFound\",\"Message\":\"The Service Mesh cluster does not exist.\"}");
        } else if (what.equals("state")) {
            send(
                    ex,
                    200,
                    "{\"ServiceMeshId\":\"%s\",\"State\":\"%s\",\"IntranetPilotEndpoint\":\"%s\"}"
                            .formatted(id, id.equals("m-init") ? "initial" : "running", PILOT));
        } else if (what.equals("vm-credentials")) {
            send(
                    ex,
                    200,
                    json(Map.of(
                            "ServiceMeshId",
                            id,
                            "Kubeconfig",
                            meshServer(id).kubeconfig(),
                            "ExpirationTime",
                            "2030-01-01T00:00:00Z")));
        } else if (what.equals("workload-certificates")) {
            CERTIFICATE_REQUESTS.add(body);
            send(ex, 200, json(Map.of("CertChain", LEAF, "Key", KEY, "RootCert", ROOT)));
        } else if (what.equals("clusters")) {
            List<Map<String, String>> members = MEMBERS.getOrDefault(id, List.of()).stream()
                    .map(c -> Map.of("ClusterId", c, "State", "running"))
                    .toList();
            send(ex, 200, json(Map.of("Clusters", members)));
        } else {
            send(ex, 404, "{\"Code\":\"NotFound\",\"Message\":\"no such path\"}");
        }
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
