package io.asm.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RPC signature v1, HMAC-SHA1 (CONTRACT.md §5.1). */
public final class RpcV1 {

    private RpcV1() {}

    /**
     * {@code METHOD&%2F&pct(sorted name=value pairs)} over every parameter but {@code Signature}; with
     * {@code skipEmpty} the empty-valued ones are left out, as the Tea v2 signer does.
     */
    public static String stringToSign(String method, SortedMap<String, String> params, boolean skipEmpty) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equals("Signature") || (skipEmpty && e.getValue().isEmpty())) {
                continue;
            }
            if (!canonical.isEmpty()) {
                canonical.append('&');
            }
            canonical.append(Percent.encode(e.getKey())).append('=').append(Percent.encode(e.getValue()));
        }
        return method + "&" + Percent.encode("/") + "&" + Percent.encode(canonical.toString());
    }

    public static String sign(String stringToSign, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
