package io.asm.gateway.edge;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.CompletableFuture;

/** One public HTTP server on one event loop; all instances share the port. */
final class EdgeVerticle extends AbstractVerticle {

    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> wellFormed;
    private final Handler<HttpServerRequest> malformed;
    private final CompletableFuture<Integer> port;

    EdgeVerticle(
            HttpServerOptions options,
            Handler<HttpServerRequest> wellFormed,
            Handler<HttpServerRequest> malformed,
            CompletableFuture<Integer> port) {
        this.options = options;
        this.wellFormed = wellFormed;
        this.malformed = malformed;
        this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(options)
                .requestHandler(wellFormed)
                .invalidRequestHandler(malformed)
                .listen()
                .onSuccess(server -> port.complete(server.actualPort()))
                .<Void>mapEmpty()
                .onComplete(started);
    }
}
