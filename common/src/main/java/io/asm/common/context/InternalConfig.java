package io.asm.common.context;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** How services recognise each other: the shared internal token every internal call carries. */
@ConfigMapping(prefix = "asm.internal")
public interface InternalConfig {

    /** Shared secret carried in {@code X-Asm-Internal-Token}; at least 16 characters. Env: ASM_INTERNAL_TOKEN. */
    String token();

    /**
     * Paths served to the public without the token (the gateway's {@code /}); identity there comes from request
     * signatures, never from {@code X-Asm-*} headers. {@code /q/} (health, metrics, OpenAPI) is always open.
     */
    Optional<Set<String>> publicPaths();

    /** HostId shown in error envelopes. */
    @WithDefault("servicemesh.aliyuncs.com")
    String hostId();
}
