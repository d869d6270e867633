package io.asm.gateway.auth;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.catalogue.ValueFormat;
import io.asm.gateway.config.GatewayConfig;
import io.asm.gateway.protocol.Acs3;
import io.asm.gateway.protocol.ApiRequest;
import io.asm.gateway.protocol.RpcV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Step 2 of the chain: RPC v1 (HMAC-SHA1) or ACS3-HMAC-SHA256, checked in POP's order (CONTRACT.md §10):
 * AccessKey known → timestamp → signature → nonce unused.
 */
@ApplicationScoped
public class Authenticator {

    private final AccessKeys keys;
    private final Nonces nonces;
    private final Duration window;
    /** Nonces are kept for twice the window: a timestamp may lie up to one window in the future. */
    private final Duration nonceLifetime;

    Authenticator(AccessKeys keys, Nonces nonces, GatewayConfig config) {
        this.keys = keys;
        this.nonces = nonces;
        this.window = config.timestampWindow();
        this.nonceLifetime = window.multipliedBy(2);
    }

    /** Who signed, and the request as far as the signature covers it. */
    public record Authenticated(Caller caller, ApiRequest request) {}

    public Authenticated authenticate(ApiRequest request) {
        return request.isAcs3() ? new Authenticated(acs3(request), request) : rpcV1(request);
    }

    private Authenticated rpcV1(ApiRequest r) {
        AccessKeys.Key key = knownKey(required(r.param("AccessKeyId"), "AccessKeyId"));
        checkTimestamp(required(r.param("Timestamp"), "Timestamp"));
        String signature = r.param("Signature");
        if (signature == null || signature.isEmpty()) {
            throw new AsmException(AsmError.INCOMPLETE_SIGNATURE, "The Signature parameter is missing.");
        }
        String method = r.param("SignatureMethod");
        if (method != null && !method.equals("HMAC-SHA1")) {
            throw new AsmException(AsmError.INCOMPLETE_SIGNATURE, "SignatureMethod " + method + " is not supported.");
        }
        String nonce = required(r.param("SignatureNonce"), "SignatureNonce");
        String stringToSign = RpcV1.stringToSign(r.method(), r.params(), false);
        ApiRequest signed = r;
        boolean matches = same(signature, RpcV1.sign(stringToSign, key.secret()));
        if (!matches && r.params().containsValue("")) {
            // The Tea v2 signer leaves empty values out (CONTRACT.md §5.1): accept that variant too, but then the
            // empty parameters were not signed — anyone could have added them — so they do not count.
            matches = same(signature, RpcV1.sign(RpcV1.stringToSign(r.method(), r.params(), true), key.secret()));
            signed = r.withoutEmptyParams();
        }
        if (!matches) {
            throw new AsmException(AsmError.SIGNATURE_DOES_NOT_MATCH, stringToSign);
        }
        return new Authenticated(acceptNonce(key, nonce), signed);
    }

    private Caller acs3(ApiRequest r) {
        Acs3.Authorization auth = Acs3.Authorization.parse(r.header("authorization"));
        if (auth == null) {
            throw new AsmException(
                    AsmError.INCOMPLETE_SIGNATURE,
                    "The Authorization header needs Credential, SignedHeaders and Signature.");
        }
        AccessKeys.Key key = knownKey(auth.credential());
        checkTimestamp(required(r.header("x-acs-date"), "Timestamp"));
        String nonce = required(r.header("x-acs-signature-nonce"), "SignatureNonce");
        var signed = auth.signedHeaders().stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .toList();
        for (String mustSign : new String[] {"x-acs-date", "x-acs-signature-nonce"}) {
            if (!signed.contains(mustSign)) {
                throw new AsmException(AsmError.INCOMPLETE_SIGNATURE, mustSign + " must be a signed header.");
            }
        }
        if ((r.param("Action") == null && !signed.contains("x-acs-action"))
                || (r.param("Version") == null && !signed.contains("x-acs-version"))) {
            throw new AsmException(
                    AsmError.INCOMPLETE_SIGNATURE, "x-acs-action and x-acs-version must be signed headers.");
        }
        // The payload hash is always recomputed from the bytes received; a client's claim is only compared.
        String payloadHash = Acs3.sha256Hex(r.body());
        String stringToSign =
                Acs3.stringToSign(Acs3.canonicalRequest(r.method(), r.query(), r.headers(), signed, payloadHash));
        String claimedHash = r.header("x-acs-content-sha256");
        boolean matches = (claimedHash == null || claimedHash.equalsIgnoreCase(payloadHash))
                && same(auth.signature().toLowerCase(Locale.ROOT), Acs3.sign(stringToSign, key.secret()));
        if (!matches) {
            throw new AsmException(AsmError.SIGNATURE_DOES_NOT_MATCH, stringToSign);
        }
        return acceptNonce(key, nonce);
    }

    private AccessKeys.Key knownKey(String accessKeyId) {
        // What could not be a key is not looked up: no control bytes reach the database, no junk fills the cache.
        if (!ValueFormat.ACCESS_KEY_ID.accepts(accessKeyId)) {
            throw new AsmException(AsmError.ACCESS_KEY_NOT_FOUND);
        }
        AccessKeys.Key key = keys.find(accessKeyId).orElseThrow(() -> new AsmException(AsmError.ACCESS_KEY_NOT_FOUND));
        if (!key.active()) {
            throw new AsmException(AsmError.ACCESS_KEY_INACTIVE);
        }
        return key;
    }

    private void checkTimestamp(String timestamp) {
        Instant when;
        try {
            when = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new AsmException(AsmError.TIMESTAMP_FORMAT);
        }
        Instant now = Instant.now();
        if (when.isBefore(now.minus(window)) || when.isAfter(now.plus(window))) {
            throw new AsmException(AsmError.TIMESTAMP_EXPIRED);
        }
    }

    private Caller acceptNonce(AccessKeys.Key key, String nonce) {
        // Any unique string is legal (CONTRACT.md §5), within what can be stored: no control characters, no
        // essay. Checked here, so one such nonce cannot fail the shared INSERT of its concurrent neighbours.
        if (nonce.length() > 128 || nonce.chars().anyMatch(Character::isISOControl)) {
            throw new AsmException(
                    AsmError.INVALID_PARAMETER,
                    "SignatureNonce",
                    "It must be at most 128 characters, none of them control characters.");
        }
        if (!nonces.firstUse(key.id(), nonce, Instant.now().plus(nonceLifetime))) {
            throw new AsmException(AsmError.SIGNATURE_NONCE_USED);
        }
        return new Caller(key.id(), key.accountId(), key.admin());
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw AsmError.missing(name);
        }
        return value;
    }

    /** Constant-time comparison: timing must not tell how much of a guessed signature was right. */
    private static boolean same(String presented, String expected) {
        return MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
