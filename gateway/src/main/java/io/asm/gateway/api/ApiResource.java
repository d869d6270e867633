package io.asm.gateway.api;

import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.error.ErrorEnvelope;
import io.asm.gateway.admin.AccountAdministration;
import io.asm.gateway.auth.AccountFlowControl;
import io.asm.gateway.auth.ActingAccount;
import io.asm.gateway.auth.Authenticator;
import io.asm.gateway.auth.Caller;
import io.asm.gateway.catalogue.ActionCatalogue;
import io.asm.gateway.catalogue.ActionSpec;
import io.asm.gateway.catalogue.ParameterValidator;
import io.asm.gateway.config.GatewayConfig;
import io.asm.gateway.protocol.ApiRequest;
import io.asm.gateway.protocol.RequestParser;
import io.asm.gateway.render.ResponseRenderer;
import io.asm.gateway.route.ServiceRouter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import org.jboss.logging.Logger;

/**
 * The public endpoint: {@code GET|POST|DELETE /} in every request shape of CONTRACT.md §3, through the chain
 * parse → authenticate → account/region → action and parameters → route → render.
 */
@Path("/")
public class ApiResource {

    private static final Logger LOG = Logger.getLogger(ApiResource.class);

    @Inject
    Authenticator authenticator;

    @Inject
    ServiceRouter router;

    @Inject
    AccountAdministration administration;

    @Inject
    ActingAccount actingAccount;

    @Inject
    AccountFlowControl flowControl;

    @Inject
    ResponseRenderer renderer;

    @Inject
    RequestContext context;

    @Inject
    GatewayConfig config;

    @Inject
    InternalConfig internal;

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", uri, headers, new byte[0]);
    }

    @DELETE
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("DELETE", uri, headers, new byte[0]);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return handle("POST", uri, headers, body == null ? new byte[0] : body);
    }

    private Response handle(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        String requestId = context.requestId();
        boolean xml = false;
        try {
            ApiRequest received =
                    RequestParser.parse(method, uri.getRequestUri().getRawQuery(), lowerCase(headers), body);
            xml = received.wantsXml();
            Authenticator.Authenticated signed = authenticator.authenticate(received);
            try (AccountFlowControl.Permit permit =
                    flowControl.enter(signed.caller().accountId())) {
                return route(signed.request(), signed.caller(), requestId, xml);
            }
        } catch (AsmException e) {
            return renderer.error(
                    ErrorEnvelope.of(requestId, internal.hostId(), e.code(), e.getMessage()), e.httpStatus(), xml);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Unexpected failure of request %s", requestId);
            return renderer.error(
                    ErrorEnvelope.of(
                            requestId,
                            internal.hostId(),
                            AsmError.INTERNAL_ERROR.code(),
                            new AsmException(AsmError.INTERNAL_ERROR).getMessage()),
                    500,
                    xml);
        }
    }

    /** Steps 3 to 6 for an authenticated request: action and parameters, account and region, route, render. */
    private Response route(ApiRequest request, Caller caller, String requestId, boolean xml) {
        ActionSpec spec = action(request);
        Map<String, Object> params = ParameterValidator.validate(spec, request.params());
        String region = (String) ParameterValidator.validate(ActionCatalogue.COMMON, request.params())
                .getOrDefault("RegionId", config.defaultRegion());
        if (spec.service() == ActionSpec.OwningService.GATEWAY) {
            return renderer.success(spec.name(), requestId, administration.handle(spec.name(), params, caller), xml);
        }
        String account = actingAccount.resolve(spec, params, caller);
        byte[] result = router.call(spec, params, new ServiceRouter.Principal(requestId, account, region));
        return renderer.success(spec.name(), requestId, result, xml);
    }

    private static ActionSpec action(ApiRequest request) {
        String name = request.action();
        if (name == null || name.isEmpty()) {
            throw AsmError.missing("Action");
        }
        ActionSpec spec = ActionCatalogue.find(name).orElseThrow(() -> new AsmException(AsmError.ACTION_NOT_FOUND));
        String version = request.version();
        if (version == null || version.isEmpty()) {
            throw AsmError.missing("Version");
        }
        if (!ActionCatalogue.VERSION.equals(version)) {
            throw new AsmException(AsmError.INVALID_VERSION);
        }
        return spec;
    }

    private static Map<String, String> lowerCase(HttpHeaders headers) {
        Map<String, String> out = new HashMap<>();
        for (Entry<String, List<String>> e : headers.getRequestHeaders().entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
            }
        }
        return out;
    }
}
