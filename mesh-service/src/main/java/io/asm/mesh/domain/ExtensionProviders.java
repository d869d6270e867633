package io.asm.mesh.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mesh's external-authorization providers (Create/Update/Delete/DescribeExtensionProvider), kept as the feature
 * {@value #FEATURE} and rendered into {@code meshConfig.extensionProviders}. The tenant's Config is read into Istio's
 * fixed shape (EnvoyExternalAuthorizationHttpProvider / …GrpcProvider, plus ASM's {@code oidc} for httpextauth) and
 * checked field by field; the text itself is kept sealed (it may hold OIDC secrets) and given back unchanged.
 */
// Read and written with Jackson outside REST endpoints (the stored feature, StrictJson): visible to native builds.
@RegisterForReflection(
        targets = {
            ExtensionProviders.Stored.class,
            ExtensionProviders.BodyCheck.class,
            ExtensionProviders.Oidc.class,
            ExtensionProviders.Http.class,
            ExtensionProviders.Grpc.class
        })
public final class ExtensionProviders {

    public static final String FEATURE = "ExtensionProviders";
    public static final Set<String> TYPES = Set.of("httpextauth", "grpcextauth");

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String HTTP_SHAPE = "An httpextauth Config is a JSON object with service (a host name) and"
            + " port (a number), and optionally timeout, pathPrefix, failOpen, statusOnError, headersToUpstreamOnAllow,"
            + " headersToDownstreamOnAllow, headersToDownstreamOnDeny, includeRequestHeadersInCheck,"
            + " includeAdditionalHeadersInCheck, includeRequestBodyInCheck, oidc.";
    private static final String GRPC_SHAPE = "A grpcextauth Config is a JSON object with service (a host name) and"
            + " port (a number), and optionally timeout, failOpen, statusOnError, includeRequestBodyInCheck.";
    private static final Pattern HOST =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DURATION = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,9})?(ms|s|m|h)");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9/._~%-]{0,255}");
    private static final Pattern PRINTABLE = Pattern.compile("\\P{Cc}{0,1024}");

    private ExtensionProviders() {}

    /** One provider as kept: Config sealed, and what goes into the mesh config. */
    public record Stored(
            @JsonProperty("Name") String name,
            @JsonProperty("Type") String type,
            @JsonProperty("SealedConfig") String sealedConfig,
            @JsonProperty("MeshConfig") Map<String, Object> meshConfig) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BodyCheck(Long maxRequestBytes, Boolean allowPartialMessage, Boolean packAsBytes) {}

    /** ASM's OAuth2-proxy settings of an httpextauth provider; not part of Istio's provider. */
    record Oidc(
            String clientID,
            String clientSecret,
            String cookieExpire,
            String cookieRefresh,
            String cookieSecret,
            String issuerURI,
            String redirectDomain,
            String redirectProtocol,
            List<String> scopes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Http(
            String service,
            Long port,
            String timeout,
            String pathPrefix,
            Boolean failOpen,
            String statusOnError,
            List<String> headersToUpstreamOnAllow,
            List<String> headersToDownstreamOnAllow,
            List<String> headersToDownstreamOnDeny,
            List<String> includeRequestHeadersInCheck,
            Map<String, String> includeAdditionalHeadersInCheck,
            BodyCheck includeRequestBodyInCheck,
            Oidc oidc) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Grpc(
            String service,
            Long port,
            String timeout,
            Boolean failOpen,
            String statusOnError,
            BodyCheck includeRequestBodyInCheck) {}

    public static List<Stored> of(Map<String, Object> features) {
        return PLAIN.convertValue(features.get(FEATURE), new TypeReference<List<Stored>>() {});
    }

    public static List<Map<String, Object>> toFeature(List<Stored> providers) {
        return PLAIN.convertValue(providers, new TypeReference<List<Map<String, Object>>>() {});
    }

    /** The entries of {@code meshConfig.extensionProviders}, in the order the providers were made. */
    public static List<Map<String, Object>> meshConfig(Map<String, Object> features) {
        return of(features).stream().map(Stored::meshConfig).toList();
    }

    /** Checks {@code config} for {@code type} and gives the {@code extensionProviders} entry it becomes. */
    static Map<String, Object> render(String name, String type, String config) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        if (type.equals("httpextauth")) {
            Http h = StrictJson.read("Config", config, Http.class, HTTP_SHAPE);
            target(h.service(), h.port(), h.timeout(), h.statusOnError(), HTTP_SHAPE);
            if (h.pathPrefix() != null && !PATH.matcher(h.pathPrefix()).matches()) {
                throw StrictJson.invalid("Config", "pathPrefix must be a path starting with /.");
            }
            for (List<String> headers : new java.util.ArrayList<>(java.util.Arrays.asList(
                    h.headersToUpstreamOnAllow(),
                    h.headersToDownstreamOnAllow(),
                    h.headersToDownstreamOnDeny(),
                    h.includeRequestHeadersInCheck()))) {
                headers(headers);
            }
            if (h.includeAdditionalHeadersInCheck() != null) {
                headers(List.copyOf(h.includeAdditionalHeadersInCheck().keySet()));
                h.includeAdditionalHeadersInCheck().values().forEach(v -> printable(v));
            }
            bodyCheck(h.includeRequestBodyInCheck());
            oidc(h.oidc());
            // The oidc part configures ASM's OAuth2 proxy, not Envoy: Istio's provider has no such field.
            Http envoy = new Http(
                    h.service(),
                    h.port(),
                    h.timeout(),
                    h.pathPrefix(),
                    h.failOpen(),
                    h.statusOnError(),
                    h.headersToUpstreamOnAllow(),
                    h.headersToDownstreamOnAllow(),
                    h.headersToDownstreamOnDeny(),
                    h.includeRequestHeadersInCheck(),
                    h.includeAdditionalHeadersInCheck(),
                    h.includeRequestBodyInCheck(),
                    null);
            entry.put("envoyExtAuthzHttp", PLAIN.convertValue(envoy, new TypeReference<Map<String, Object>>() {}));
        } else {
            Grpc g = StrictJson.read("Config", config, Grpc.class, GRPC_SHAPE);
            target(g.service(), g.port(), g.timeout(), g.statusOnError(), GRPC_SHAPE);
            bodyCheck(g.includeRequestBodyInCheck());
            entry.put("envoyExtAuthzGrpc", PLAIN.convertValue(g, new TypeReference<Map<String, Object>>() {}));
        }
        return entry;
    }

    private static void target(String service, Long port, String timeout, String statusOnError, String shape) {
        if (service == null || service.length() > 253 || !HOST.matcher(service).matches()) {
            throw StrictJson.invalid("Config", "service must be a host name. " + shape);
        }
        if (port == null || port < 1 || port > 65535) {
            throw StrictJson.invalid("Config", "port must be a number from 1 to 65535. " + shape);
        }
        if (timeout != null && !DURATION.matcher(timeout).matches()) {
            throw StrictJson.invalid("Config", "timeout must be a duration such as 10s or 500ms.");
        }
        if (statusOnError != null && !statusOnError.matches("[1-5][0-9][0-9]")) {
            throw StrictJson.invalid("Config", "statusOnError must be an HTTP status such as 403.");
        }
    }

    private static void headers(List<String> headers) {
        if (headers == null) {
            return;
        }
        if (headers.size() > 64
                || headers.stream()
                        .anyMatch(h -> h == null || !HEADER.matcher(h).matches())) {
            throw StrictJson.invalid("Config", "Header lists hold at most 64 HTTP header names.");
        }
    }

    private static void bodyCheck(BodyCheck b) {
        if (b != null && b.maxRequestBytes() != null && (b.maxRequestBytes() < 1 || b.maxRequestBytes() > 1 << 30)) {
            throw StrictJson.invalid("Config", "includeRequestBodyInCheck.maxRequestBytes must be from 1 to 2^30.");
        }
    }

    private static void oidc(Oidc o) {
        if (o == null) {
            return;
        }
        for (String s : java.util.Arrays.asList(
                o.clientID(),
                o.clientSecret(),
                o.cookieExpire(),
                o.cookieRefresh(),
                o.cookieSecret(),
                o.issuerURI(),
                o.redirectDomain())) {
            if (s != null) {
                printable(s);
            }
        }
        if (o.redirectProtocol() != null && !Set.of("http", "https").contains(o.redirectProtocol())) {
            throw StrictJson.invalid("Config", "oidc.redirectProtocol must be http or https.");
        }
        if (o.scopes() != null && o.scopes().stream().anyMatch(s -> s == null || !s.matches("[\\x21-\\x7e]{1,128}"))) {
            throw StrictJson.invalid("Config", "oidc.scopes must be words without spaces.");
        }
    }

    private static void printable(String s) {
        if (s == null || !PRINTABLE.matcher(s).matches()) {
            throw StrictJson.invalid(
                    "Config", "Text values must be at most 1024 characters without control characters.");
        }
    }
}
