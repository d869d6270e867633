package io.asm.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** ACS3-HMAC-SHA256 (CONTRACT.md §5.2). */
public final class Acs3 {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private Acs3() {}

    /** The parsed {@code Authorization} header; fields by name, in any order. */
    public record Authorization(String credential, List<String> signedHeaders, String signature) {

        /** Null when a field is missing or the header is not ACS3. */
        public static Authorization parse(String header) {
            if (header == null || !header.startsWith(ALGORITHM + " ")) {
                return null;
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                switch (name) {
                    case "Credential" -> credential = value;
                    case "SignedHeaders" -> signedHeaders = value;
                    case "Signature" -> signature = value;
                    default -> {
                        // unknown fields are ignored, as POP does
                    }
                }
            }
            if (credential == null
                    || credential.isEmpty()
                    || signedHeaders == null
                    || signature == null
                    || signature.isEmpty()) {
                return null;
            }
            return new Authorization(credential, List.of(signedHeaders.split(";")), signature);
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String canonicalRequest(
            String method,
            SortedMap<String, String> query,
            Map<String, String> headers,
            List<String> signedHeaders,
            String hashedPayload) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(Percent.encode(e.getKey())).append('=').append(Percent.encode(e.getValue()));
        }
        List<String> names = signedHeaders.stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .sorted()
                .toList();
        StringBuilder h = new StringBuilder();
        for (String name : names) {
            String value = headers.get(name);
            h.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        return method + "\n/\n" + q + "\n" + h + "\n" + String.join(";", names) + "\n" + hashedPayload;
    }

    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(String stringToSign, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
