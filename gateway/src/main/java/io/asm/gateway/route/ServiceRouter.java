package io.asm.gateway.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.context.AsmHeaders;
import io.asm.common.context.InternalConfig;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.catalogue.ActionSpec;
import io.asm.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.asm.gateway.protocol.Percent;
import org.jboss.logging.Logger;

/**
 * Step 5 of the chain: the owning service's internal REST call. Path placeholders take their parameters; the rest
 * go as JSON body (POST/PATCH) or query (GET/DELETE). A service that is down or slower than the timeout becomes
 * {@code ServiceUnavailable}, never a hang.
 */
@ApplicationScoped
public class ServiceRouter {

    private static final Logger LOG = Logger.getLogger(ServiceRouter.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** Who the call is for, passed to the service as headers. */
    public record Principal(String requestId, String accountId, String regionId) {
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final GatewayConfig config;
    private final String internalToken;

    ServiceRouter(ObjectMapper json, GatewayConfig config, InternalConfig internal) {
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.json = json;
        this.config = config;
        this.internalToken = internal.token();
    }

    /** The service's JSON object on success; its error (code, message, status) as an AsmException otherwise. */
    public ObjectNode call(ActionSpec spec, Map<String, Object> params, Principal principal) {
        String base = config.services().get(spec.service().name().toLowerCase(Locale.ROOT));
        if (base == null) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
        Map<String, Object> rest = new LinkedHashMap<>(params);
        StringBuilder path = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(spec.path());
        while (m.find()) {
            Object value = rest.remove(m.group(1));
            m.appendReplacement(path, Matcher.quoteReplacement(Percent.encode(String.valueOf(value))));
        }
        m.appendTail(path);
        boolean hasBody = spec.method().equals("POST") || spec.method().equals("PATCH") || spec.method().equals("PUT");
        if (!hasBody && !rest.isEmpty()) {
            StringBuilder q = new StringBuilder();
            rest.forEach((k, v) -> q.append(q.isEmpty() ? '?' : '&').append(Percent.encode(k)).append('=')
                    .append(Percent.encode(String.valueOf(v))));
            path.append(q);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header(AsmHeaders.REQUEST_ID, principal.requestId())
                .header(AsmHeaders.ACCOUNT_ID, principal.accountId())
                .header(AsmHeaders.REGION_ID, principal.regionId())
                .header(AsmHeaders.INTERNAL_TOKEN, internalToken)
                .header("Accept", "application/json");
        try {
            if (hasBody) {
                request.header("Content-Type", "application/json")
                        .method(spec.method(), HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(rest)));
            } else {
                request.method(spec.method(), HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return interpret(spec, response);
        } catch (IOException e) {
            LOG.warnf("%s unreachable for %s: %s", spec.service(), spec.name(), e.toString());
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    private ObjectNode interpret(ActionSpec spec, HttpResponse<byte[]> response) {
        JsonNode body;
        try {
            body = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        int status = response.statusCode();
        if (status / 100 == 2 && body instanceof ObjectNode object) {
            return object;
        }
        if (status >= 400 && body != null && body.hasNonNull("Code")) {
            throw new AsmException(body.get("Code").asText(), body.path("Message").asText(""), status);
        }
        LOG.errorf("%s answered %s with status %d and no usable body", spec.service(), spec.name(), status);
        throw new AsmException(status == 502 || status == 503 || status == 504
                ? AsmError.SERVICE_UNAVAILABLE : AsmError.INTERNAL_ERROR);
    }

}
