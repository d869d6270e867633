package io.asm.gateway.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.client.ErrorEnvelopeDecoder;
import io.asm.common.client.HttpExchange;
import io.asm.common.context.AsmHeaders;
import io.asm.common.context.InternalConfig;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.catalogue.ActionSpec;
import io.asm.gateway.config.GatewayConfig;
import io.asm.gateway.protocol.Percent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    public record Principal(String requestId, String accountId, String regionId) {}

    private final HttpClient http;
    private final ObjectMapper json;
    private final GatewayConfig config;
    private final String internalToken;

    ServiceRouter(Vertx vertx, ObjectMapper json, GatewayConfig config, InternalConfig internal) {
        // Vert.x's pooled keep-alive client on the event loops: the JDK HttpClient's selector and executor hand-offs
        // cost the gateway about a third of its CPU per forwarded call.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(64)
                .setKeepAliveTimeout(30));
        this.json = json;
        this.config = config;
        this.internalToken = internal.token();
    }

    /**
     * The service's JSON object (as bytes, for {@link io.asm.gateway.render.ResponseRenderer} to pass through) on
     * success; its error (code, message, status) as an AsmException otherwise.
     */
    public byte[] call(ActionSpec spec, Map<String, Object> params, Principal principal) {
        String base = config.services().get(spec.service().name().toLowerCase(Locale.ROOT));
        if (base == null) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
        Map<String, Object> rest = new LinkedHashMap<>(params);
        StringBuilder path = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(spec.path());
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(segment(m.group(1), rest.remove(m.group(1)))));
        }
        m.appendTail(path);
        boolean hasBody = spec.method().equals("POST")
                || spec.method().equals("PATCH")
                || spec.method().equals("PUT");
        if (!hasBody && !rest.isEmpty()) {
            StringBuilder q = new StringBuilder();
            rest.forEach((k, v) -> {
                // A list repeats its name (JAX-RS reads it as a List); an object in it travels as JSON text.
                for (Object item : v instanceof List<?> list ? list : List.of(v)) {
                    q.append(q.isEmpty() ? '?' : '&')
                            .append(Percent.encode(k))
                            .append('=')
                            .append(Percent.encode(item instanceof Map<?, ?> ? jsonText(item) : String.valueOf(item)));
                }
            });
            path.append(q);
        }
        RequestOptions request = new RequestOptions()
                .setAbsoluteURI(base + path)
                .setMethod(HttpMethod.valueOf(spec.method()))
                .setIdleTimeout(config.requestTimeout().toMillis())
                .putHeader(AsmHeaders.REQUEST_ID, principal.requestId())
                .putHeader(AsmHeaders.ACCOUNT_ID, principal.accountId())
                .putHeader(AsmHeaders.REGION_ID, principal.regionId())
                .putHeader(AsmHeaders.INTERNAL_TOKEN, internalToken)
                .putHeader("Accept", "application/json");
        try {
            Buffer body = hasBody ? Buffer.buffer(json.writeValueAsBytes(rest)) : null;
            if (hasBody) {
                request.putHeader("Content-Type", "application/json");
            }
            // the idle timeout above ends a stalled exchange; this bounds the whole call
            HttpExchange.Reply reply = HttpExchange.await(
                    http, request, body, config.requestTimeout().plus(config.connectTimeout()));
            return interpret(spec, reply);
        } catch (IOException e) {
            LOG.warnf(
                    "%s unreachable for %s: %s", spec.service(), spec.name(), e.getCause() != null ? e.getCause() : e);
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    private String jsonText(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One path segment, percent-encoded ({@code /} becomes {@code %2F}). The catalogue's formats already keep dots
     * out of identifiers; this refuses them again because encoding cannot: receivers decode {@code %2E} and then
     * remove dot segments, so {@code ..} would address another resource.
     */
    static String segment(String name, Object value) {
        String text = String.valueOf(value);
        if (text.isEmpty() || text.equals(".") || text.equals("..")) {
            throw new AsmException(AsmError.INVALID_PARAMETER, name, "It cannot be empty, '.' or '..'.");
        }
        return Percent.encode(text);
    }

    private byte[] interpret(ActionSpec spec, HttpExchange.Reply response) {
        int status = response.status();
        // Services write their answers with Jackson; a 2xx is only checked to be an object, not parsed again.
        if (status / 100 == 2 && isObject(response.body())) {
            return response.body();
        }
        Optional<AsmException> serviceError = ErrorEnvelopeDecoder.decode(status, response.body());
        if (serviceError.isPresent()) {
            throw serviceError.get();
        }
        LOG.errorf(
                "%s answered %s with status %d and no usable body (%d bytes: %.200s)",
                spec.service(),
                spec.name(),
                status,
                response.body().length,
                new String(response.body(), StandardCharsets.UTF_8));
        throw new AsmException(
                status == 502 || status == 503 || status == 504
                        ? AsmError.SERVICE_UNAVAILABLE
                        : AsmError.INTERNAL_ERROR);
    }

    private static boolean isObject(byte[] body) {
        int first = 0;
        int last = body.length - 1;
        while (first <= last && Character.isWhitespace(body[first])) {
            first++;
        }
        while (last > first && Character.isWhitespace(body[last])) {
            last--;
        }
        return first < last && body[first] == '{' && body[last] == '}';
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
