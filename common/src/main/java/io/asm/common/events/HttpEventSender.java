package io.asm.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.client.HttpExchange;
import io.asm.common.context.AsmHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;

/** Structured-mode CloudEvents over HTTP POST, carrying the internal token; pooled keep-alive connections. */
public class HttpEventSender implements EventSender, AutoCloseable {

    private final HttpClient http;
    private final ObjectMapper json;
    private final String internalToken;
    private final Duration timeout;

    public HttpEventSender(Vertx vertx, ObjectMapper json, String internalToken, Duration timeout) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAliveTimeout(30));
        this.json = json;
        this.internalToken = internalToken;
        this.timeout = timeout;
    }

    /** Within the timeout, connection included: the outbox's lease budgets one timeout per delivery. */
    @Override
    public void send(String url, CloudEvent event) throws Exception {
        RequestOptions request = new RequestOptions()
                .setAbsoluteURI(url)
                .setMethod(HttpMethod.POST)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", CloudEvent.MEDIA_TYPE)
                .putHeader(AsmHeaders.INTERNAL_TOKEN, internalToken);
        HttpExchange.Reply reply;
        try {
            reply = HttpExchange.await(http, request, Buffer.buffer(json.writeValueAsBytes(event)), timeout);
        } catch (IOException e) {
            throw new IOException(url + ": " + e.getMessage(), e.getCause());
        }
        if (reply.status() / 100 != 2) {
            throw new IOException("HTTP " + reply.status() + " from " + url);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
