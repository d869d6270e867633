package io.asm.common.kube;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a kubeconfig may say here, and nothing more: one API server, its CA inline (or, where an operator allows it, no
 * TLS verification), and one inline credential — a bearer token or a client certificate and key. Kubeconfigs come
 * from tenants, so the text is data: parsed as a YAML tree, every field checked, and the fabric8 {@link Config} built
 * from the checked fields. Nothing here runs a command, reads a file, follows a proxy or consults the environment, as
 * {@code Config.fromKubeconfig} would ({@code exec}, {@code auth-provider}, {@code *-file}, {@code tokenFile}).
 *
 * @param server   the API server's URL, without a trailing slash
 * @param caPem    the CA certificate(s) in PEM, or null (plain HTTP, or {@code insecureSkipTlsVerify})
 */
public record Kubeconfig(
        URI server,
        String caPem,
        boolean insecureSkipTlsVerify,
        String token,
        String clientCertPem,
        String clientKeyPem) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of(
            "apiVersion", "kind", "clusters", "contexts", "users", "current-context", "preferences", "extensions");
    private static final Set<String> CLUSTER = Set.of(
            "server",
            "certificate-authority-data",
            "insecure-skip-tls-verify",
            "tls-server-name",
            "disable-compression",
            "extensions");
    private static final Set<String> CONTEXT = Set.of("cluster", "user", "namespace", "extensions");
    private static final Set<String> USER = Set.of("token", "client-certificate-data", "client-key-data", "extensions");

    /** Parses {@code text} into the strict shape; anything else is {@code InvalidParameter} naming the field. */
    public static Kubeconfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("it is empty");
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw invalid("it is not YAML");
        }
        if (root == null || !root.isObject()) {
            throw invalid("it is not a kubeconfig document");
        }
        onlyKnown(root, TOP, "");
        JsonNode context = currentContext(root);
        JsonNode cluster = named(root, "clusters", text(context, "cluster", "context.cluster"));
        JsonNode user = named(root, "users", text(context, "user", "context.user"));
        onlyKnown(context, CONTEXT, "context.");
        onlyKnown(cluster, CLUSTER, "cluster.");
        onlyKnown(user, USER, "user.");

        URI server = server(text(cluster, "server", "cluster.server"));
        boolean insecure = cluster.path("insecure-skip-tls-verify").asBoolean(false);
        String ca = cluster.has("certificate-authority-data")
                ? pem(cluster, "certificate-authority-data", "cluster.certificate-authority-data")
                : null;
        String token = user.has("token") ? token(text(user, "token", "user.token")) : null;
        String cert = user.has("client-certificate-data")
                ? pem(user, "client-certificate-data", "user.client-certificate-data")
                : null;
        String key = user.has("client-key-data") ? pem(user, "client-key-data", "user.client-key-data") : null;
        if ((cert == null) != (key == null)) {
            throw invalid("user: client-certificate-data and client-key-data go together");
        }
        if (token == null && cert == null) {
            throw invalid("user: a token or client-certificate-data with client-key-data is required inline");
        }
        if (token != null && cert != null) {
            throw invalid("user: give a token or a client certificate, not both");
        }
        return new Kubeconfig(server, ca, insecure, token, cert, key);
    }

    public boolean plainHttp() {
        return "http".equals(server.getScheme());
    }

    /** The server as kubeconfigs and comparisons want it: no trailing slash, scheme and host in lower case. */
    public String serverUrl() {
        return server.toString();
    }

    /** A fabric8 configuration with these fields only: no auto-configuration, no retries, bounded timeouts. */
    public Config toConfig(int connectTimeoutMillis, int requestTimeoutMillis) {
        ConfigBuilder b = new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl())
                .withTrustCerts(insecureSkipTlsVerify)
                .withDisableHostnameVerification(false)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(connectTimeoutMillis)
                .withRequestTimeout(requestTimeoutMillis)
                .withHttpProxy(null)
                .withHttpsProxy(null)
                .withNoProxy(new String[0]);
        if (caPem != null) {
            b.withCaCertData(base64(caPem));
        }
        if (token != null) {
            b.withOauthToken(token);
        } else {
            b.withClientCertData(base64(clientCertPem)).withClientKeyData(base64(clientKeyPem));
        }
        return b.build();
    }

    private static JsonNode currentContext(JsonNode root) {
        JsonNode contexts = root.path("contexts");
        if (!contexts.isArray() || contexts.isEmpty()) {
            throw invalid("contexts: one context is required");
        }
        String current = root.path("current-context").asText("");
        if (current.isEmpty()) {
            if (contexts.size() != 1) {
                throw invalid("current-context: it must name one of several contexts");
            }
            return body(contexts.get(0), "context", "contexts[0]");
        }
        return body(byName(contexts, current, "current-context"), "context", "current-context");
    }

    /** The entry of list {@code listName} named {@code name}, as its inner body ({@code cluster} or {@code user}). */
    private static JsonNode named(JsonNode root, String listName, String name) {
        JsonNode list = root.path(listName);
        if (!list.isArray()) {
            throw invalid(listName + ": a list is required");
        }
        String inner = listName.substring(0, listName.length() - 1);
        return body(byName(list, name, listName), inner, listName + "." + name);
    }

    private static JsonNode byName(JsonNode list, String name, String field) {
        JsonNode found = null;
        for (JsonNode entry : list) {
            if (name.equals(entry.path("name").asText(null))) {
                if (found != null) {
                    throw invalid(field + ": '" + shown(name) + "' is defined twice");
                }
                found = entry;
            }
        }
        if (found == null) {
            throw invalid(field + ": no entry named '" + shown(name) + "'");
        }
        return found;
    }

    private static JsonNode body(JsonNode entry, String key, String field) {
        if (!entry.isObject()) {
            throw invalid(field + ": an object is required");
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("name") && !f.equals(key)) {
                throw invalid(field + "." + f + " is not supported");
            }
        }
        JsonNode inner = entry.path(key);
        if (!inner.isObject()) {
            throw invalid(field + "." + key + ": an object is required");
        }
        return inner;
    }

    private static void onlyKnown(JsonNode node, Set<String> allowed, String prefix) {
        List<String> refused = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                refused.add(prefix + f);
            }
        });
        if (!refused.isEmpty()) {
            throw invalid(shown(String.join(", ", refused)) + (refused.size() == 1 ? " is" : " are")
                    + " not supported (credentials and CAs must be inline; no exec, auth-provider, files or proxies)");
        }
    }

    private static String text(JsonNode node, String key, String field) {
        JsonNode v = node.path(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(field + ": a non-empty string is required");
        }
        return v.asText();
    }

    private static URI server(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid("cluster.server: it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("cluster.server: an https URL is required");
        }
        if (uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid("cluster.server: a URL with a host and no user, query or fragment is required");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        try {
            return new URI(
                    scheme,
                    null,
                    uri.getHost().toLowerCase(Locale.ROOT),
                    uri.getPort(),
                    path.isEmpty() ? null : path,
                    null,
                    null);
        } catch (URISyntaxException e) {
            throw invalid("cluster.server: it is not a URL");
        }
    }

    /** Base64 of PEM text, as kubeconfigs carry certificates and keys. */
    private static String pem(JsonNode node, String key, String field) {
        String decoded;
        try {
            decoded = new String(Base64.getMimeDecoder().decode(text(node, key, field)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": base64 is required");
        }
        if (!decoded.contains("-----BEGIN ")) {
            throw invalid(field + ": base64 of PEM is required");
        }
        return decoded;
    }

    /** A bearer token goes into an HTTP header: visible ASCII only. */
    private static String token(String token) {
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f) || token.length() > 16_384) {
            throw invalid("user.token: printable characters only");
        }
        return token;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String shown(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 60) + "...";
    }

    private static AsmException invalid(String why) {
        return new AsmException(AsmError.INVALID_PARAMETER, "Kubeconfig", why + ".");
    }
}
