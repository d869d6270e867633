package io.asm.cluster;

import static io.asm.devkit.StandInServer.send;

import com.sun.net.httpserver.HttpExchange;
import io.asm.devkit.InternalCaller;
import io.asm.devkit.StandInServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mesh-service's internal API as cluster-service uses it: meshes by id with a state and an istiod address, and the
 * remote secrets it would write on the mesh API server (kept here so tests can read them). Mesh {@code m-init} is
 * still being created; any id starting with {@code m-} other than that is running; anything else does not exist.
 */
public class StandInMeshService implements QuarkusTestResourceLifecycleManager {

    public static final String PILOT = "192.0.2.200:15012";
    /** "meshId/clusterId" → kubeconfig. */
    public static final Map<String, String> REMOTE_SECRETS = new ConcurrentHashMap<>();

    private StandInServer server;

    @Override
    public Map<String, String> start() {
        server = StandInServer.start(4, this::answer);
        return Map.of("asm.cluster.mesh-url", server.url());
    }

    private void answer(HttpExchange ex) throws IOException {
        String[] path = ex.getRequestURI().getPath().split("/"); // "", meshes, id, state | remote-secrets, cluster
        String mesh = path[2];
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!mesh.startsWith("m-")
                || !InternalCaller.TOKEN.equals(ex.getRequestHeaders().getFirst("X-Asm-Internal-Token"))) {
            send(
                    ex,
                    404,
                    "{\"Code\":\"ServiceMesh.NotFound\",\"Message\":\"The Service Mesh cluster does not exist.\"}");
        } else if (path.length == 4 && path[3].equals("state")) {
            send(
                    ex,
                    200,
                    "{\"ServiceMeshId\":\"%s\",\"State\":\"%s\",\"IntranetPilotEndpoint\":\"%s\"}"
                            .formatted(mesh, mesh.equals("m-init") ? "initial" : "running", PILOT));
        } else if (path.length == 5
                && path[3].equals("remote-secrets")
                && ex.getRequestMethod().equals("PUT")) {
            REMOTE_SECRETS.put(mesh + "/" + path[4], body);
            send(ex, 200, "{}");
        } else if (path.length == 5
                && path[3].equals("remote-secrets")
                && ex.getRequestMethod().equals("DELETE")) {
            REMOTE_SECRETS.remove(mesh + "/" + path[4]);
            send(ex, 200, "{}");
        } else {
            send(ex, 404, "{\"Code\":\"NotFound\",\"Message\":\"No such internal path.\"}");
        }
    }

    @Override
    public void stop() {
        server.close();
    }
}
