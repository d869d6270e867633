package io.asm.common.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request and its whole answer over a pooled Vert.x client, awaited by a blocking caller within a bound. Vert.x's
 * client works on the event loops the server already runs; the JDK HttpClient brought its own selector thread, executor
 * hand-offs and HTTP stack into every service.
 */
public final class HttpExchange {

    public record Reply(int status, byte[] body) {}

    private HttpExchange() {}

    /**
     * {@code body} may be null. A stalled exchange should also carry an idle timeout in {@code request}; {@code limit}
     * bounds the whole call, connection included. A failure to connect, send or read, and a call past the limit, are an
     * IOException with the cause's message.
     */
    public static Reply await(HttpClient http, RequestOptions request, Buffer body, Duration limit)
            throws IOException, InterruptedException {
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        // Nested, so the body handler is set on the event loop as the response arrives: chained from the calling
        // thread, it could come after the body had already gone by (seen under load as empty 200s).
        CompletableFuture<Reply> reply = http.request(request)
                .compose(r -> {
                    sent.set(r);
                    return (body == null ? r.send() : r.send(body))
                            .compose(response ->
                                    response.body().map(b -> new Reply(response.statusCode(), b.getBytes())));
                })
                .toCompletionStage()
                .toCompletableFuture();
        try {
            return reply.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            // Given up on: its connection goes, rather than stay out of the pool while the peer trickles bytes.
            HttpClientRequest r = sent.get();
            if (r != null) {
                r.reset();
            }
            throw new IOException("no answer within " + limit.toMillis() + " ms", e);
        }
    }
}
