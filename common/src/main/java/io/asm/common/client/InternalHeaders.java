package io.asm.common.client;

import io.asm.common.context.AsmHeaders;
import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The headers of every internal call (one for all REST clients, {@code @RegisterClientHeaders(InternalHeaders.class)}):
 * the internal token, and the request id, account and region of the request being served, so one action keeps one
 * request id across services. A header the client method sets itself (an account a reconciler acts for) wins; outside
 * a request (reconcilers, probes) a fresh request id is made.
 */
@ApplicationScoped
public class InternalHeaders implements ClientHeadersFactory {

    private final RequestContext context;
    private final String token;

    InternalHeaders(RequestContext context, InternalConfig internal) {
        this.context = context;
        this.token = internal.token();
    }

    @Override
    public MultivaluedMap<String, String> update(
            MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>(outgoing);
        headers.putSingle(AsmHeaders.INTERNAL_TOKEN, token);
        boolean inRequest = Arc.container().requestContext().isActive();
        putIfGiven(headers, AsmHeaders.REQUEST_ID, inRequest ? context.requestId() : RequestContext.newRequestId());
        if (inRequest) {
            putIfGiven(headers, AsmHeaders.ACCOUNT_ID, context.accountId());
            putIfGiven(headers, AsmHeaders.REGION_ID, context.regionId());
        }
        return headers;
    }

    private static void putIfGiven(MultivaluedMap<String, String> headers, String name, String value) {
        if (value != null && !headers.containsKey(name)) {
            headers.putSingle(name, value);
        }
    }
}
