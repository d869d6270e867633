package io.asm.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * mesh-service's internal API as cluster-service uses it: meshes by id with a state and an istiod address, and the
 * remote secrets it would write on the mesh API server (kept here so tests can read them). Mesh {@code m-init} is
 * still being created; any id starting with {@code m-} other than that is running; anything else does not exist.
 */
public class StandInMeshService implements QuarkusTestResourceLifecycleManager {

    public static final String PILOT = "192.0.2.200:15012";
    /** "meshId/clusterId" → kubeconfig. */
    public static final Map<String, String> REMOTE_SECRETS = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/meshes/", this::answer);
        server.start();
        return Map.of("asm.cluster.mesh-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange ex) throws IOException {
        String[] path = ex.getRequestURI().getPath().split("/"); // "", meshes, id[, remote-secrets, cluster]
        String mesh = path[2];
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!mesh.startsWith("m-") || !"test-internal-token-0123456789".equals(ex.getRequestHeaders().getFirst("X-Asm-Internal-Token"))) {
            send(ex, 404, "{\"Code\":\"ServiceMesh.NotFound\",\"Message\":\"The Service Mesh cluster does not exist.\"}");
        } else if (path.length == 3) {
            send(ex, 200, ("{\"ServiceMesh\":{\"Endpoints\":{\"IntranetPilotEndpoint\":\"%s\"},"
                    + "\"ServiceMeshInfo\":{\"State\":\"%s\"}}}").formatted(PILOT, mesh.equals("m-init") ? "initial" : "running"));
        } else if (ex.getRequestMethod().equals("PUT")) {
            REMOTE_SECRETS.put(mesh + "/" + path[4], body);
            send(ex, 200, "{}");
        } else {
            REMOTE_SECRETS.remove(mesh + "/" + path[4]);
            send(ex, 200, "{}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
