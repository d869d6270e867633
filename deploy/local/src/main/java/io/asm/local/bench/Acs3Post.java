package io.asm.local.bench;

import io.asm.local.RpcV1Signer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An ACS3-HMAC-SHA256 POST as the Tea engine (every generated SDK) sends one (CONTRACT.md §5.2): the action's
 * parameters as a form body, no query, {@code host}, {@code content-type} and the {@code x-acs-*} headers signed
 * (the captured {@code tea-openapi} request there, header for header).
 * For the load generator: one Mac and one digest per thread, initialised once per secret.
 */
final class Acs3Post {

    private static final String SIGNED_HEADERS =
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;"
                    + "x-acs-version";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final HexFormat HEX = HexFormat.of();

    /** Per thread: the digest, and the Mac with the secret it was last keyed with. */
    private static final class Tools {
        final MessageDigest sha256;
        final Mac mac;
        String keyedWith;

        Tools() throws GeneralSecurityException {
            sha256 = MessageDigest.getInstance("SHA-256");
            mac = Mac.getInstance("HmacSHA256");
        }
    }

    private static final ThreadLocal<Tools> TOOLS = ThreadLocal.withInitial(() -> {
        try {
            return new Tools();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private Acs3Post() {}

    /** The whole HTTP/1.1 request, signed now with a fresh nonce. */
    static byte[] request(String host, String action, String keyId, String secret, Map<String, String> params)
            throws GeneralSecurityException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String nonce = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] body = RpcV1Signer.form(params).getBytes(StandardCharsets.UTF_8);
        String payloadHash = hashOf(body);
        String authorization = authorization(host, action, keyId, secret, date, nonce, payloadHash);
        String head = "POST / HTTP/1.1\r\n"
                + "host: " + host + "\r\n"
                + "content-type: " + FORM + "\r\n"
                + "content-length: " + body.length + "\r\n"
                + "x-acs-action: " + action + "\r\n"
                + "x-acs-version: 2020-01-11\r\n"
                + "x-acs-date: " + date + "\r\n"
                + "x-acs-signature-nonce: " + nonce + "\r\n"
                + "x-acs-content-sha256: " + payloadHash + "\r\n"
                + "x-acs-credentials-provider: static_ak\r\n"
                + "authorization: " + authorization + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** The {@code Authorization} header for a POST to {@code /} without query, signing {@link #SIGNED_HEADERS}. */
    static String authorization(
            String host, String action, String keyId, String secret, String date, String nonce, String payloadHash)
            throws GeneralSecurityException {
        Tools t = TOOLS.get();
        String canonical = "POST\n/\n\n"
                + "content-type:" + FORM + "\n"
                + "host:" + host + "\n"
                + "x-acs-action:" + action + "\n"
                + "x-acs-content-sha256:" + payloadHash + "\n"
                + "x-acs-credentials-provider:static_ak\n"
                + "x-acs-date:" + date + "\n"
                + "x-acs-signature-nonce:" + nonce + "\n"
                + "x-acs-version:2020-01-11\n\n"
                + SIGNED_HEADERS + "\n" + payloadHash;
        String stringToSign = "ACS3-HMAC-SHA256\n" + hashOf(canonical.getBytes(StandardCharsets.UTF_8));
        if (!secret.equals(t.keyedWith)) {
            t.mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            t.keyedWith = secret;
        }
        String signature = HEX.formatHex(t.mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        return "ACS3-HMAC-SHA256 Credential=" + keyId + ",SignedHeaders=" + SIGNED_HEADERS + ",Signature=" + signature;
    }

    static String hashOf(byte[] data) {
        return HEX.formatHex(TOOLS.get().sha256.digest(data));
    }
}
