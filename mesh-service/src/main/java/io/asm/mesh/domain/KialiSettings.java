package io.asm.mesh.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A mesh's Kiali (UpdateKialiConfiguration / DescribeKialiConfiguration), kept as the feature {@value #FEATURE}; on or
 * off is the feature KialiEnabled, shared with CreateServiceMesh and UpdateMeshFeature. The OpenID client secret and
 * the ARMS tokens are kept sealed. JSON names are the API's, so the stored form reads like the wire.
 */
// Read and written with Jackson outside REST endpoints (the stored feature, StrictJson): visible to native builds.
@RegisterForReflection(
        targets = {
            KialiSettings.class,
            KialiSettings.OpenId.class,
            KialiSettings.RamOAuth.class,
            KialiSettings.Server.class,
            KialiSettings.OpenIdInput.class,
            KialiSettings.ServerInput.class,
            KialiSettings.AnnotationMap.class
        })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KialiSettings(
        @JsonProperty("CustomPrometheusUrl") String customPrometheusUrl,
        @JsonProperty("IntegrateCLB") boolean integrateClb,
        @JsonProperty("KialiServiceAnnotations") String serviceAnnotations,
        @JsonProperty("SealedArmsAuthTokens") String sealedArmsAuthTokens,
        @JsonProperty("AuthStrategy") String authStrategy,
        @JsonProperty("OpenIdConfig") OpenId openId,
        @JsonProperty("RAMOAuthConfig") RamOAuth ramOAuth,
        @JsonProperty("ServerConfig") Server server) {

    public static final String FEATURE = "Kiali";
    public static final KialiSettings DEFAULTS =
            new KialiSettings("", false, "", "", "token", OpenId.NONE, new RamOAuth(""), new Server("", 0, "", ""));

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Set<String> STRATEGIES = Set.of("token", "openid", "ramoauth");
    private static final Pattern ANNOTATION_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern FQDN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern WEB_ROOT = Pattern.compile("(/[A-Za-z0-9._~-]+)*/?");
    private static final Pattern PRINTABLE = Pattern.compile("\\P{Cc}*");
    private static final Pattern SCOPE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenId(
            @JsonProperty("ClientId") String clientId,
            @JsonProperty("SealedClientSecret") String sealedClientSecret,
            @JsonProperty("IssuerUri") String issuerUri,
            @JsonProperty("Scopes") List<String> scopes) {
        static final OpenId NONE = new OpenId("", "", "", List.of());
    }

    public record RamOAuth(@JsonProperty("RedirectUris") String redirectUris) {}

    public record Server(
            @JsonProperty("WebFQDN") String webFqdn,
            @JsonProperty("WebPort") int webPort,
            @JsonProperty("WebRoot") String webRoot,
            @JsonProperty("WebSchema") String webSchema) {

        /** Where Kiali is reached when a FQDN is configured; empty otherwise. */
        public String url() {
            if (webFqdn.isEmpty()) {
                return "";
            }
            String schema = webSchema.isEmpty() ? "http" : webSchema;
            return schema + "://" + webFqdn + (webPort == 0 ? "" : ":" + webPort) + webRoot;
        }
    }

    /** The OpenIdConfig parameter as clients send it: the secret in clear, once. */
    record OpenIdInput(
            @JsonProperty("ClientId") String clientId,
            @JsonProperty("ClientSecret") String clientSecret,
            @JsonProperty("IssuerUri") String issuerUri,
            @JsonProperty("Scopes") List<String> scopes) {}

    public static KialiSettings of(Map<String, Object> features) {
        return PLAIN.convertValue(features.get(FEATURE), KialiSettings.class);
    }

    public Map<String, Object> toFeature() {
        return PLAIN.convertValue(this, new TypeReference<Map<String, Object>>() {});
    }

    /**
     * These settings with the UpdateKialiConfiguration parameters that were given (Enabled is not among them), each
     * checked; {@code seal} seals the secrets before they are kept.
     */
    public KialiSettings with(Map<String, Object> given, UnaryOperator<String> seal) {
        KialiSettings k = this;
        if (given.get("CustomPrometheusUrl") instanceof String url) {
            k = k.copy(url(url, "CustomPrometheusUrl"), null, null, null, null, null, null, null);
        }
        if (given.get("IntegrateCLB") instanceof Boolean clb) {
            k = k.copy(null, clb, null, null, null, null, null, null);
        }
        if (given.get("KialiServiceAnnotations") instanceof String annotations) {
            k = k.copy(null, null, annotations(annotations), null, null, null, null, null);
        }
        if (given.get("KialiArmsAuthTokens") instanceof String tokens) {
            k = k.copy(null, null, null, tokens.isEmpty() ? "" : seal.apply(tokens), null, null, null, null);
        }
        if (given.get("AuthStrategy") instanceof String strategy) {
            if (!STRATEGIES.contains(strategy)) {
                throw StrictJson.invalid("AuthStrategy", "It must be token, openid or ramoauth.");
            }
            k = k.copy(null, null, null, null, strategy, null, null, null);
        }
        if (given.get("OpenIdConfig") instanceof String text) {
            k = k.copy(null, null, null, null, null, openId(text, seal), null, null);
        }
        if (given.get("RAMOAuthConfig") instanceof String text) {
            RamOAuth r =
                    StrictJson.read("RAMOAuthConfig", text, RamOAuth.class, "It must be {\"RedirectUris\": text}.");
            String uris = r.redirectUris() == null ? "" : r.redirectUris();
            k = k.copy(null, null, null, null, null, null, new RamOAuth(printable(uris, 2048, "RAMOAuthConfig")), null);
        }
        if (given.get("ServerConfig") instanceof String text) {
            k = k.copy(null, null, null, null, null, null, null, server(text));
        }
        return k;
    }

    private KialiSettings copy(
            String prometheus,
            Boolean clb,
            String annotations,
            String tokens,
            String strategy,
            OpenId openIdConfig,
            RamOAuth ram,
            Server serverConfig) {
        return new KialiSettings(
                prometheus != null ? prometheus : customPrometheusUrl,
                clb != null ? clb : integrateClb,
                annotations != null ? annotations : serviceAnnotations,
                tokens != null ? tokens : sealedArmsAuthTokens,
                strategy != null ? strategy : authStrategy,
                openIdConfig != null ? openIdConfig : openId,
                ram != null ? ram : ramOAuth,
                serverConfig != null ? serverConfig : server);
    }

    /** KialiServiceAnnotations as a map (for the Service); the stored text was checked to be one. */
    public Map<String, String> annotationMap() {
        if (serviceAnnotations.isEmpty()) {
            return Map.of();
        }
        return StrictJson.read("KialiServiceAnnotations", serviceAnnotations, AnnotationMap.class, "")
                .values();
    }

    /** A JSON object of strings, read strictly. */
    static final class AnnotationMap {
        private final java.util.LinkedHashMap<String, String> values = new java.util.LinkedHashMap<>();

        @com.fasterxml.jackson.annotation.JsonAnySetter
        void put(String key, String value) {
            values.put(key, value);
        }

        Map<String, String> values() {
            return values;
        }
    }

    private static String annotations(String text) {
        if (text.isEmpty()) {
            return "";
        }
        String shape = "It must be a JSON object of Kubernetes annotation names to text values.";
        Map<String, String> map = StrictJson.read("KialiServiceAnnotations", text, AnnotationMap.class, shape)
                .values();
        for (var e : map.entrySet()) {
            if (e.getKey().length() > 316 || !ANNOTATION_KEY.matcher(e.getKey()).matches() || e.getValue() == null) {
                throw StrictJson.invalid("KialiServiceAnnotations", shape);
            }
            printable(e.getValue(), 4096, "KialiServiceAnnotations");
        }
        return text;
    }

    private static OpenId openId(String text, UnaryOperator<String> seal) {
        OpenIdInput in = StrictJson.read(
                "OpenIdConfig",
                text,
                OpenIdInput.class,
                "It must be {\"ClientId\", \"ClientSecret\", \"IssuerUri\": text, \"Scopes\": [text]}.");
        List<String> scopes = in.scopes() == null ? List.of() : in.scopes();
        if (scopes.size() > 32
                || scopes.stream().anyMatch(s -> s == null || !SCOPE.matcher(s).matches())) {
            throw StrictJson.invalid("OpenIdConfig", "Scopes must be at most 32 words without spaces.");
        }
        String secret = in.clientSecret() == null ? "" : printable(in.clientSecret(), 1024, "OpenIdConfig");
        return new OpenId(
                in.clientId() == null ? "" : printable(in.clientId(), 256, "OpenIdConfig"),
                secret.isEmpty() ? "" : seal.apply(secret),
                in.issuerUri() == null ? "" : url(in.issuerUri(), "OpenIdConfig"),
                List.copyOf(scopes));
    }

    private static Server server(String text) {
        Server s = StrictJson.read(
                        "ServerConfig",
                        text,
                        ServerInput.class,
                        "It must be {\"WebFQDN\", \"WebRoot\", \"WebSchema\": text, \"WebPort\": number}.")
                .toServer();
        if (!s.webFqdn().isEmpty()
                && (s.webFqdn().length() > 253 || !FQDN.matcher(s.webFqdn()).matches())) {
            throw StrictJson.invalid("ServerConfig", "WebFQDN must be a DNS name.");
        }
        if (s.webPort() < 0 || s.webPort() > 65535) {
            throw StrictJson.invalid("ServerConfig", "WebPort must be from 0 to 65535.");
        }
        if (s.webRoot().length() > 256 || !WEB_ROOT.matcher(s.webRoot()).matches()) {
            throw StrictJson.invalid("ServerConfig", "WebRoot must be a path such as /kiali.");
        }
        if (!Set.of("", "http", "https").contains(s.webSchema())) {
            throw StrictJson.invalid("ServerConfig", "WebSchema must be http or https.");
        }
        return s;
    }

    /** ServerConfig as sent: every field optional. */
    record ServerInput(
            @JsonProperty("WebFQDN") String webFqdn,
            @JsonProperty("WebPort") Integer webPort,
            @JsonProperty("WebRoot") String webRoot,
            @JsonProperty("WebSchema") String webSchema) {
        Server toServer() {
            return new Server(
                    webFqdn == null ? "" : webFqdn,
                    webPort == null ? 0 : webPort,
                    webRoot == null ? "" : webRoot,
                    webSchema == null ? "" : webSchema);
        }
    }

    private static String url(String text, String parameter) {
        if (text.isEmpty()) {
            return "";
        }
        try {
            URI uri = new URI(printable(text, 1024, parameter));
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                throw StrictJson.invalid(parameter, "It must be an http or https URL.");
            }
            return text;
        } catch (java.net.URISyntaxException e) {
            throw StrictJson.invalid(parameter, "It must be an http or https URL.");
        }
    }

    private static String printable(String text, int max, String parameter) {
        if (text.length() > max || !PRINTABLE.matcher(text).matches()) {
            throw StrictJson.invalid(parameter, "It must be text of at most " + max + " characters.");
        }
        return text;
    }
}
