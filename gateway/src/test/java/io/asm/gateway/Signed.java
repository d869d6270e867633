package io.asm.gateway;

import io.asm.gateway.protocol.Percent;
import io.asm.gateway.protocol.RpcV1;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Hand-made RPC v1 requests for the cases the official clients cannot be made to send. */
final class Signed {

    private Signed() {}

    static TreeMap<String, String> common(String action, String keyId) {
        TreeMap<String, String> p = new TreeMap<>();
        p.put("Action", action);
        p.put("Version", "2020-01-11");
        p.put("Format", "JSON");
        p.put("AccessKeyId", keyId);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return p;
    }

    /** The query string of a GET signed with {@code secret}. */
    static String query(TreeMap<String, String> params, String secret) {
        return signed("GET", params, secret);
    }

    /** The form body of a POST signed with {@code secret}. */
    static String form(TreeMap<String, String> params, String secret) {
        return signed("POST", params, secret);
    }

    private static String signed(String method, TreeMap<String, String> params, String secret) {
        TreeMap<String, String> all = new TreeMap<>(params);
        all.put("Signature", RpcV1.sign(RpcV1.stringToSign(method, params, false), secret));
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : all.entrySet()) {
            q.append(q.isEmpty() ? "" : "&")
                    .append(Percent.encode(e.getKey()))
                    .append('=')
                    .append(Percent.encode(e.getValue()));
        }
        return q.toString();
    }
}
