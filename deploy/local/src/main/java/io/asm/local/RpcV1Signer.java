package io.asm.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RPC v1 (HMAC-SHA1) signing as the core SDK and the CLI do it (CONTRACT.md §5): the launcher registering its
 * clusters and the load generator use it, so the suite calls its gateway exactly as a client would.
 */
public final class RpcV1Signer {

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private RpcV1Signer() {}

    /** The signed parameters of {@code action} as a query string (GET) or form body (POST), for {@code method}. */
    public static String sign(String method, String action, String keyId, String secret, Map<String, String> extra)
            throws GeneralSecurityException {
        return signSplit(method, action, keyId, secret, extra, Map.of());
    }

    /**
     * The query string of a request whose {@code body} travels apart, as a form, the way the Go Tea engine (the
     * Terraform provider's) sends a POST: the common parameters and {@code query} in it, the signature over both.
     */
    public static String signSplit(
            String method,
            String action,
            String keyId,
            String secret,
            Map<String, String> query,
            Map<String, String> body)
            throws GeneralSecurityException {
        TreeMap<String, String> p = new TreeMap<>(query);
        p.put("Action", action);
        p.put("Version", "2020-01-11");
        p.put("Format", "JSON");
        p.put("AccessKeyId", keyId);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        // Unique, not secret: ThreadLocalRandom spares the load generator SecureRandom's cost and lock.
        p.put(
                "SignatureNonce",
                Long.toHexString(ThreadLocalRandom.current().nextLong())
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        TreeMap<String, String> all = new TreeMap<>(body);
        all.putAll(p);
        Mac mac = MAC.get();
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String sts = method + "&%2F&" + enc(form(all));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(sts.getBytes(StandardCharsets.UTF_8)));
        return form(p) + "&Signature=" + enc(signature);
    }

    /** {@code params} percent-encoded as a query string or form body, in their map's order. */
    public static String form(Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        for (var e : params.entrySet()) {
            canonical
                    .append(canonical.isEmpty() ? "" : "&")
                    .append(enc(e.getKey()))
                    .append('=')
                    .append(enc(e.getValue()));
        }
        return canonical.toString();
    }

    /** The SDKs' percent-encoding: URLEncoder plus the three fixes they all apply. */
    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
