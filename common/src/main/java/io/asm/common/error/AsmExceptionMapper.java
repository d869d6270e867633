package io.asm.common.error;

import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns failures into the official error envelope (CONTRACT.md §6–7). Never leaks a stack trace. */
public class AsmExceptionMapper {

    private static final Logger LOG = Logger.getLogger(AsmExceptionMapper.class);

    @Inject
    RequestContext context;

    @Inject
    InternalConfig config;

    @ServerExceptionMapper
    public Response asm(AsmException e) {
        return render(e.code(), e.getMessage(), e.httpStatus());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return asm(AsmException.ofHttpStatus(status));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String unavailable = DatabaseUnavailable.reason(e);
        if (unavailable != null) {
            // Busy or unreachable, not broken: the caller may retry, and the log needs no stack per request.
            LOG.warnf("Request %s: the database is unavailable (%s)", context.requestId(), unavailable);
            return asm(new AsmException(AsmError.SERVICE_UNAVAILABLE));
        }
        LOG.errorf(e, "Unexpected failure of request %s", context.requestId());
        return render(
                AsmError.INTERNAL_ERROR.code(),
                AsmError.INTERNAL_ERROR.message(),
                AsmError.INTERNAL_ERROR.httpStatus());
    }

    private Response render(String code, String message, int status) {
        ErrorEnvelope body = ErrorEnvelope.of(context.requestId(), config.hostId(), code, message);
        return Response.status(status)
                .entity(body)
                .type(ErrorEnvelope.JSON_TYPE)
                .build();
    }
}
