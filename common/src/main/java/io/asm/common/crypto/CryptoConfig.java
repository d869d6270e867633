package io.asm.common.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** Keys for secrets at rest. Several keys may be listed so old ciphertexts stay readable after a rotation. */
@ConfigMapping(prefix = "asm.crypto")
public interface CryptoConfig {

    /** Id of the key new secrets are encrypted with. Env: ASM_CRYPTO_ACTIVE_KEY. */
    String activeKey();

    /** Base64 AES keys (16, 24 or 32 bytes) by id: {@code asm.crypto.keys.k1=...}. */
    Map<String, String> keys();

    /**
     * Whether this service seals secrets, so must start with its active key. A service holding none (observability,
     * vm) sets {@code false} and is given no key: what it does not have cannot leak from it.
     */
    @WithDefault("true")
    boolean required();
}
