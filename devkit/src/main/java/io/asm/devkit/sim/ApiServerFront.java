package io.asm.devkit.sim;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One simulated API server's listener, served the way fabric8's MockWebServer serves (its request handler, so
 * watches over WebSockets work too) but on the simulator's one Vert.x instance: MockWebServer starts a Vert.x of its
 * own per server (about nine threads) and keeps every request it ever received.
 */
final class ApiServerFront implements AutoCloseable {

    private final HttpServer http;

    ApiServerFront(Vertx vertx, Dispatcher dispatcher, String bindAddress, int port) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(bindAddress)
                .setPort(port)
                .setWebSocketSubProtocols(
                        List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io"))
                .setHandle100ContinueAutomatically(true);
        this.http = vertx.createHttpServer(options).requestHandler(new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                MockResponse response = dispatcher.dispatch(request);
                // Everything here is JSON; unlabelled, kubectl takes it for the protobuf it asked for first.
                if (response.header("Content-Type") == null && response.getWebSocketListener() == null) {
                    response.setHeader("Content-Type", "application/json");
                }
                return response;
            }
        });
        http.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return http.actualPort();
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing a simulated server: nothing to do about a listener that will not close.
        }
    }
}
