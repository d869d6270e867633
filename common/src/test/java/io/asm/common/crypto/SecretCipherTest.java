package io.asm.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String K1 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String K2 = Base64.getEncoder().encodeToString("fedcba9876543210".getBytes());

    @Test
    void roundTripNamesTheKeyAndNeverRepeatsCiphertext() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", K1));
        String a = cipher.encrypt("kubeconfig: secret ✓");
        String b = cipher.encrypt("kubeconfig: secret ✓");
        assertTrue(a.startsWith("v1:k1:"), a);
        assertNotEquals(a, b);
        assertEquals("kubeconfig: secret ✓", cipher.decrypt(a));
    }

    @Test
    void rotationKeepsOldSecretsReadable() {
        String sealedWithK1 = new SecretCipher("k1", Map.of("k1", K1)).encrypt("old");
        SecretCipher rotated = new SecretCipher("k2", Map.of("k1", K1, "k2", K2));
        assertEquals("old", rotated.decrypt(sealedWithK1));
        assertTrue(rotated.encrypt("new").startsWith("v1:k2:"));
    }

    @Test
    void tamperingOrRelabellingIsDetected() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", K1, "k2", K1));
        String sealed = cipher.encrypt("secret");
        // Flip one bit of the ciphertext itself (editing the Base64 text could land on padding bits).
        byte[] data = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));
        data[data.length / 2] ^= 1;
        String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(data);
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(tampered));
        // Same key bytes under another id: the id is authenticated, so the relabelled text fails.
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed.replace("v1:k1:", "v1:k2:")));
    }

    @Test
    void badConfigurationSaysWhatIsWrong() {
        var missing = assertThrows(IllegalArgumentException.class, () -> new SecretCipher("k9", Map.of("k1", K1)));
        assertTrue(missing.getMessage().contains("asm.crypto.active-key is 'k9'"), missing.getMessage());
        var shortKey = assertThrows(
                IllegalArgumentException.class,
                () -> new SecretCipher("k1", Map.of("k1", Base64.getEncoder().encodeToString(new byte[7]))));
        assertTrue(shortKey.getMessage().contains("must decode to 16, 24 or 32 bytes"), shortKey.getMessage());
        var notBase64 = assertThrows(IllegalArgumentException.class, () -> new SecretCipher("k1", Map.of("k1", "%%%")));
        assertTrue(notBase64.getMessage().contains("not valid Base64"), notBase64.getMessage());
    }

    @Test
    void aServiceThatSealsNothingStartsWithoutAKeyButCannotSeal() {
        SecretCipher none = new SecretCipher("k1", Map.of(), false);
        var refused = assertThrows(IllegalStateException.class, () -> none.encrypt("x"));
        assertEquals("This service has no secrets key (asm.crypto.required=false)", refused.getMessage());
        // Required (the default): the same configuration refuses to start.
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher("k1", Map.of(), true));
    }
}
