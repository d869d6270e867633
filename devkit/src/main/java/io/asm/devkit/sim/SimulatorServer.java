package io.asm.devkit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The simulator's HTTP API: {@code POST /clusters {"name":..,"istioCrds":true}} creates an API server and returns
 * its kubeconfig; {@code GET /clusters}, {@code GET|DELETE /clusters/{id}}; {@code GET /health}.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(SimulatorServer.class.getName());

    private final ClusterSimulator simulator;
    private final HttpServer http;

    public SimulatorServer(ClusterSimulator simulator, String bindAddress, int port) throws IOException {
        this.simulator = simulator;
        this.http = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/clusters", this::clusters);
        http.createContext("/health", ex -> send(ex, 200, Map.of("status", "UP")));
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public String url() {
        return "http://" + http.getAddress().getHostString() + ":" + port();
    }

    private void clusters(HttpExchange ex) throws IOException {
        try {
            String[] parts = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            String id = parts.length > 2 ? parts[2] : null;
            switch (ex.getRequestMethod() + (id == null ? "" : " id")) {
                case "POST" -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                    SimulatedCluster c = simulator.create(
                            req.path("name").asText(null), req.path("istioCrds").asBoolean(true));
                    send(ex, 201, view(c));
                }
                case "GET" ->
                    send(
                            ex,
                            200,
                            simulator.list().stream().map(SimulatorServer::view).toList());
                case "GET id" -> {
                    var c = simulator.get(id);
                    if (c.isPresent()) {
                        send(ex, 200, view(c.get()));
                    } else {
                        send(ex, 404, Map.of("error", "no simulated cluster " + id));
                    }
                }
                case "DELETE id" -> {
                    if (simulator.delete(id)) {
                        send(ex, 204, null);
                    } else {
                        send(ex, 404, Map.of("error", "no simulated cluster " + id));
                    }
                }
                default -> send(ex, 405, Map.of("error", "method not allowed"));
            }
        } catch (SimulatorFullException e) {
            send(ex, 503, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "simulator request failed: " + ex.getRequestMethod() + " " + ex.getRequestURI(), e);
            send(ex, 500, Map.of("error", String.valueOf(e)));
        }
    }

    private static Map<String, Object> view(SimulatedCluster c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("name", c.name());
        v.put("apiServerUrl", c.apiServerUrl());
        v.put("kubeconfig", c.kubeconfig());
        return v;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes =
                body == null ? new byte[0] : JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        http.stop(0);
        ((ExecutorService) http.getExecutor()).shutdownNow();
    }
}
