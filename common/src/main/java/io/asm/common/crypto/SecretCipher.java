package io.asm.common.crypto;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM for secrets at rest (AccessKey secrets, kubeconfigs, CA keys). Ciphertext format
 * {@code v1:<keyId>:<base64(iv || ciphertext+tag)>} names its key, so keys can rotate: new writes use the active
 * key, reads use whichever key the text names. The key id is authenticated as associated data.
 */
@Startup
@ApplicationScoped
public class SecretCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    @Inject
    SecretCipher(CryptoConfig config) {
        this(config.activeKey(), config.keys(), config.required());
    }

    /** Validates the configuration at start, with a message that says which setting is wrong. */
    public SecretCipher(String activeKeyId, Map<String, String> base64Keys) {
        this(activeKeyId, base64Keys, true);
    }

    /** Not {@code required} and no key given: a service that seals nothing; using the cipher then is a bug. */
    SecretCipher(String activeKeyId, Map<String, String> base64Keys, boolean required) {
        Map<String, SecretKey> parsed = new HashMap<>();
        base64Keys.forEach((id, value) -> parsed.put(id, parseKey(id, value)));
        if (!parsed.containsKey(activeKeyId) && (required || !parsed.isEmpty())) {
            throw new IllegalArgumentException("asm.crypto.active-key is '" + activeKeyId
                    + "' but no key with that id is configured under asm.crypto.keys (configured: " + parsed.keySet()
                    + ")");
        }
        this.keys = Map.copyOf(parsed);
        this.activeKeyId = parsed.isEmpty() ? null : activeKeyId;
    }

    public String encrypt(String plaintext) {
        if (activeKeyId == null) {
            throw new IllegalStateException("This service has no secrets key (asm.crypto.required=false)");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, activeKeyId, iv);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return VERSION + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(String sealedText) {
        String[] parts = sealedText.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("Not a sealed secret (expected v1:<keyId>:<data>)");
        }
        if (!keys.containsKey(parts[1])) {
            throw new IllegalStateException("Secret was sealed with key '" + parts[1] + "', which is not configured");
        }
        byte[] data = Base64.getDecoder().decode(parts[2]);
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("Sealed secret is truncated");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, parts[1], Arrays.copyOf(data, IV_BYTES));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealed secret failed authentication (wrong key or tampered data)", e);
        }
    }

    private Cipher cipher(int mode, String keyId, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, keys.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKey parseKey(String id, String value) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("asm.crypto.keys: key id '" + id + "' must match " + KEY_ID.pattern());
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("asm.crypto.keys." + id + " is not valid Base64");
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalArgumentException(
                    "asm.crypto.keys." + id + " must decode to 16, 24 or 32 bytes (AES), got " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }
}
