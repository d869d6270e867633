package io.asm.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.AsmHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire form of a delivery, and that a subscriber's refusal, silence or absence fails it in bounded time. */
class HttpEventSenderTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final ObjectMapper json = new ObjectMapper();
    private Vertx vertx;
    private HttpEventSender sender;

    private record Received(String method, String path, String contentType, String token, String body) {}

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        sender = new HttpEventSender(vertx, json, "the-internal-token", TIMEOUT);
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsTheStructuredEventWithTheInternalToken() throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        int port = serve(request -> request.body().onSuccess(body -> {
            received.add(new Received(
                    request.method().name(),
                    request.path(),
                    request.getHeader("Content-Type"),
                    request.getHeader(AsmHeaders.INTERNAL_TOKEN),
                    body.toString()));
            request.response().setStatusCode(202).end();
        }));
        CloudEvent event = event("evt-1");

        sender.send("http://127.0.0.1:" + port + "/internal/events", event);
        sender.send("http://127.0.0.1:" + port + "/internal/events", event("evt-2")); // on the kept connection

        Received first = received.poll(5, TimeUnit.SECONDS);
        assertEquals("POST", first.method());
        assertEquals("/internal/events", first.path());
        assertEquals(CloudEvent.MEDIA_TYPE, first.contentType());
        assertEquals("the-internal-token", first.token());
        assertEquals(event, json.readValue(first.body(), CloudEvent.class));
        assertEquals(
                "evt-2",
                json.readValue(received.poll(5, TimeUnit.SECONDS).body(), CloudEvent.class)
                        .id());
    }

    @Test
    void aRefusalIsAFailureNamingTheStatus() throws Exception {
        int port = serve(request -> request.response().setStatusCode(500).end("{\"Code\":\"InternalError\"}"));
        IOException e = assertThrows(
                IOException.class, () -> sender.send("http://127.0.0.1:" + port + "/internal/events", event("e")));
        assertEquals("HTTP 500 from http://127.0.0.1:" + port + "/internal/events", e.getMessage());
    }

    @Test
    void aSubscriberThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        int port = serve(request -> {}); // reads the request, never answers
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> sender.send("http://127.0.0.1:" + port + "/internal/events", event("e")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= TIMEOUT.toMillis() && millis < 5 * TIMEOUT.toMillis(), "failed after " + millis + " ms");
    }

    @Test
    void aSubscriberThatTricklesIsCutOffAndItsConnectionClosed() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        int port = serve(request -> {
            request.response().setChunked(true).write("{");
            // a byte now and then: the idle timeout never fires, only the bound on the whole call does
            long timer = vertx.setPeriodic(100, t -> request.response().write(" "));
            request.connection().closeHandler(v -> {
                vertx.cancelTimer(timer);
                closed.countDown();
            });
        });
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> sender.send("http://127.0.0.1:" + port + "/internal/events", event("e")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 3 * TIMEOUT.toMillis(), "failed after " + millis + " ms");
        assertTrue(closed.await(5, TimeUnit.SECONDS), "the given-up connection was closed, not left out of the pool");
    }

    @Test
    void anAbsentSubscriberIsAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free again once closed: nobody listens there
        }
        String url = "http://127.0.0.1:" + port + "/internal/events";
        IOException e = assertThrows(IOException.class, () -> sender.send(url, event("e")));
        assertTrue(e.getMessage().startsWith(url + ": "), e.getMessage());
    }

    private int serve(Consumer<HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(handler::accept)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private CloudEvent event(String id) {
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                id,
                "/mesh-service",
                "MeshCreated",
                "c123",
                "2026-11-30T02:00:00Z",
                "application/json",
                json.createObjectNode().put("n", 1));
    }
}
