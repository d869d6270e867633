package io.asm.devkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in in front of a real server that a test can turn bad and good again: it passes every request on to the
 * target, until told to answer by itself (an outage, a hostile server), until told to pass on again.
 */
public final class SwitchableServer implements AutoCloseable {

    /** What the stand-in answers instead of the target. */
    public record Reply(int status, String body) {}

    private static final List<String> PASSED_HEADERS = List.of("Authorization", "Content-Type", "Accept");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private volatile Function<String, Reply> answer;

    public SwitchableServer(String target) throws IOException {
        this.target = target.replaceAll("/$", "");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on every request is answered by {@code answer}, given the request's path. */
    public void answerWith(Function<String, Reply> answer) {
        this.answer = answer;
    }

    /** From now on requests go to the target again. */
    public void passOn() {
        this.answer = null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Function<String, Reply> own = answer;
            if (own != null) {
                Reply reply = own.apply(ex.getRequestURI().getPath());
                send(ex, reply.status(), "application/json", reply.body());
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .method(
                            ex.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : PASSED_HEADERS) {
                String value = ex.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            send(
                    ex,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
