package io.asm.common.context;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Fills the {@link RequestContext} from the gateway's headers, refuses internal calls without the shared token
 * (health, metrics and OpenAPI under {@code /q/} are exempt) and puts the request id on every response.
 */
public class RequestContextFilter {

    private final RequestContext context;
    private final Set<String> publicPaths;
    private final byte[] token;

    RequestContextFilter(RequestContext context, InternalConfig config) {
        this.context = context;
        this.publicPaths = config.publicPaths().orElse(Set.of());
        this.token = config.token().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    void onRequest(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/") || publicPaths.contains(path)) {
            context.fill(null, null, null);
            return;
        }
        if (!tokenMatches(request.getHeaderString(AsmHeaders.INTERNAL_TOKEN))) {
            throw new AsmException(
                    AsmError.FORBIDDEN, "Internal calls must carry a valid " + AsmHeaders.INTERNAL_TOKEN + ".");
        }
        context.fill(
                request.getHeaderString(AsmHeaders.REQUEST_ID),
                request.getHeaderString(AsmHeaders.ACCOUNT_ID),
                request.getHeaderString(AsmHeaders.REGION_ID));
    }

    @ServerResponseFilter
    void onResponse(ContainerResponseContext response) {
        response.getHeaders().putSingle(AsmHeaders.ACS_REQUEST_ID, context.requestId());
    }

    private boolean tokenMatches(String presented) {
        // Constant-time: the comparison must not reveal how much of the token was right.
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
