package io.asm.gateway.edge;

import io.asm.common.error.AsmException;
import io.asm.gateway.config.GatewayConfig;
import io.asm.gateway.render.ResponseRenderer;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's public listener. A request that is not even HTTP (a broken request line, bytes a header may not
 * hold, an oversize line or header) goes to Vert.x's invalid-request handler, whose default answers a bare 400,
 * 414 or 431, or just closes the connection; Quarkus 3.33 offers no way to set that handler on its own server
 * (quarkusio/quarkus#55082). So this listener takes the public port, with the options Quarkus built for its own
 * (now loopback-only) listener, hands every well-formed request to Quarkus's root handler exactly as that listener
 * does, and answers the others with the error envelope.
 */
@ApplicationScoped
public class EdgeListener {

    private static final Logger LOG = Logger.getLogger(EdgeListener.class);

    private final Vertx vertx;
    private final GatewayConfig.Edge config;
    private final ResponseRenderer renderer;
    private final long maxBodyBytes;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private volatile String deployment;

    EdgeListener(
            Vertx vertx,
            GatewayConfig config,
            ResponseRenderer renderer,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.vertx = vertx;
        this.config = config.edge();
        this.renderer = renderer;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    /** Started once Quarkus's listener is up: its options are final then, and so is its root handler. */
    void start(@ObservesAsync HttpServerStart quarkusListener) {
        HttpServerOptions options = new HttpServerOptions(quarkusListener.options())
                .setHost(config.host())
                .setPort(config.port());
        // One server per event loop, as Quarkus deploys its own; a random port (tests) cannot be shared, so one.
        int instances = config.port() == 0 ? 1 : 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(
                        () -> new EdgeVerticle(options, this::wellFormed, this::malformed, port),
                        new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> {
                    deployment = id;
                    LOG.infof("Gateway listening on http://%s:%d", config.host(), port.join());
                })
                .onFailure(e -> {
                    LOG.errorf(e, "The gateway cannot listen on %s:%d; stopping", config.host(), config.port());
                    port.completeExceptionally(e);
                    Quarkus.asyncExit(1); // healthy on its internal port but unreachable would mislead everyone
                });
    }

    /** The port the public listener is bound to, once it is. */
    public CompletableFuture<Integer> port() {
        return port;
    }

    /**
     * What Quarkus's root handler would refuse with a bare status is refused here with the envelope: a target that
     * is not a URI (its own check), a declared body over the limit. Everything else is Quarkus's to answer.
     */
    private void wellFormed(HttpServerRequest request) {
        if (!isUri(request.uri())) {
            refuse(request, 400);
        } else if (declaredLength(request) > maxBodyBytes) {
            refuse(request, 413);
        } else {
            VertxHttpRecorder.getRootHandler().handle(request);
        }
    }

    /** The Content-Length (Netty has checked its form), or -1. */
    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The body, if any, is left unread, so the connection cannot serve another request. */
    private void refuse(HttpServerRequest request, int status) {
        renderer.error(
                request.response().putHeader(HttpHeaders.CONNECTION, "close"), AsmException.ofHttpStatus(status));
    }

    /** What follows on the connection cannot be trusted to start at a request boundary: refused, and closed. */
    private void malformed(HttpServerRequest request) {
        refuse(request, statusFor(request.decoderResult().cause()));
    }

    static int statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        return cause instanceof TooLongHttpHeaderException ? 431 : 400;
    }

    void stop(@Observes ShutdownEvent event) {
        if (deployment != null) {
            vertx.undeploy(deployment);
        }
    }
}
