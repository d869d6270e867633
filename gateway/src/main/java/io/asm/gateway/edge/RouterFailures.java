package io.asm.gateway.edge;

import io.asm.common.error.AsmException;
import io.asm.gateway.render.ResponseRenderer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Failures of the router itself, before any resource runs (no Host header, a target that is not a path, a body
 * over the limit): the error envelope instead of Vert.x's bare status or Quarkus's error page with a stack trace.
 */
@ApplicationScoped
public class RouterFailures {

    private static final Logger LOG = Logger.getLogger(RouterFailures.class);

    @Inject
    ResponseRenderer renderer;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        if (context.response().headWritten()) {
            context.response().close(); // too late for an envelope; a truncated answer must not look complete
            return;
        }
        int status = context.statusCode() == -1 ? 500 : context.statusCode();
        if (status >= 500) {
            LOG.errorf(
                    context.failure(),
                    "Unexpected failure of %s %.200s",
                    context.request().method(),
                    context.request().uri());
        }
        renderer.error(context.response(), AsmException.ofHttpStatus(status));
    }
}
