package io.asm.observability.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.asm.devkit.StandInServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for cluster-service's {@code POST /clusters/{ClusterId}/credentials}: answers the kubeconfig a test gave
 * for the cluster, only to a caller with the internal token, an account and a ServiceMeshId in the body.
 */
public class StandInClusterService implements QuarkusTestResourceLifecycleManager {

    static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KUBECONFIGS = new ConcurrentHashMap<>();
    private static final Map<String, String> LAST_MESH = new ConcurrentHashMap<>();
    private static StandInServer server;

    @Override
    public Map<String, String> start() {
        server = StandInServer.start(4, StandInClusterService::handle);
        return Map.of("quarkus.rest-client.cluster-service.url", server.url());
    }

    @Override
    public void stop() {
        server.close();
    }

    static void issue(String clusterId, String kubeconfig) {
        KUBECONFIGS.put(clusterId, kubeconfig);
    }

    /** The ServiceMeshId the last request for the cluster named. */
    static String lastMesh(String clusterId) {
        return LAST_MESH.get(clusterId);
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] path = ex.getRequestURI().getPath().split("/");
            JsonNode body = JSON.readTree(ex.getRequestBody());
            boolean wellFormed = ex.getRequestMethod().equals("POST")
                    && path.length == 4
                    && path[3].equals("credentials")
                    && INTERNAL_TOKEN.equals(ex.getRequestHeaders().getFirst("X-Asm-Internal-Token"))
                    && ex.getRequestHeaders().getFirst("X-Asm-Account-Id") != null
                    && body.path("ServiceMeshId").isTextual();
            String kubeconfig = wellFormed ? KUBECONFIGS.get(path[2]) : null;
            if (kubeconfig == null) {
                StandInServer.send(ex, wellFormed ? 404 : 400, "{\"Code\":\"Cluster.NotFound\"}");
                return;
            }
            LAST_MESH.put(path[2], body.path("ServiceMeshId").asText());
            StandInServer.send(
                    ex,
                    200,
                    JSON.writeValueAsString(Map.of(
                            "ClusterId", path[2], "Kubeconfig", kubeconfig, "ExpirationTime", "2099-01-01T00:00:00Z")));
        }
    }
}
