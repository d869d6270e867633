package io.asm.common.context;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How services recognise each other: the shared internal token every internal call carries. */
@ConfigMapping(prefix = "asm.internal")
public interface InternalConfig {

    /** Shared secret carried in {@code X-Asm-Internal-Token}; at least 16 characters. Env: ASM_INTERNAL_TOKEN. */
    String token();

    /** Whether this service refuses calls without the token (the gateway, the public front door, turns it off). */
    @WithDefault("true")
    boolean enforce();

    /** HostId shown in error envelopes. */
    @WithDefault("servicemesh.aliyuncs.com")
    String hostId();
}
