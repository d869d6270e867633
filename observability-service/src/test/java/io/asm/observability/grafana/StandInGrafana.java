package io.asm.observability.grafana;

import com.sun.net.httpserver.HttpExchange;
import io.asm.devkit.StandInServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Grafana's HTTP API: keeps folders, records every request it accepted, refuses requests without the
 * expected bearer token (401), and can be taken down (503 for everything) and brought back.
 */
public class StandInGrafana implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "glsa_test-token-0123456789";

    /** A request as Grafana received it. */
    public record Received(String method, String path, String authorization, String contentType, String body) {}

    private static StandInServer server;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Set<String> FOLDERS = ConcurrentHashMap.newKeySet();
    private static volatile boolean down;

    @Override
    public Map<String, String> start() {
        server = StandInServer.start(4, StandInGrafana::handle);
        return Map.of("asm.observability.grafana.api-url", server.url(), "asm.observability.grafana.api-token", TOKEN);
    }

    @Override
    public void stop() {
        server.close();
    }

    public static List<Received> received() {
        return List.copyOf(RECEIVED);
    }

    public static boolean hasFolder(String uid) {
        return FOLDERS.contains(uid);
    }

    public static void down(boolean isDown) {
        down = isDown;
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (down) {
                StandInServer.send(ex, 503, "{\"message\":\"down\"}");
                return;
            }
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(authorization)) {
                StandInServer.send(ex, 401, "{\"message\":\"Unauthorized\"}");
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            RECEIVED.add(new Received(
                    method, path, authorization, ex.getRequestHeaders().getFirst("Content-Type"), body));
            if (method.equals("GET") && path.startsWith("/api/folders/")) {
                String uid = path.substring("/api/folders/".length());
                StandInServer.send(ex, FOLDERS.contains(uid) ? 200 : 404, "{\"uid\":\"" + uid + "\"}");
            } else if (method.equals("POST") && path.equals("/api/folders")) {
                FOLDERS.add(body.replaceAll(".*\"uid\":\"([^\"]+)\".*", "$1"));
                StandInServer.send(ex, 200, body);
            } else if (method.equals("POST") && path.equals("/api/dashboards/db")) {
                StandInServer.send(ex, 200, "{\"status\":\"success\"}");
            } else if (method.equals("DELETE") && path.startsWith("/api/folders/")) {
                StandInServer.send(ex, FOLDERS.remove(path.substring("/api/folders/".length())) ? 200 : 404, "{}");
            } else {
                StandInServer.send(ex, 404, "{\"message\":\"Not found\"}");
            }
        }
    }
}
