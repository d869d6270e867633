package io.asm.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The gateway's settings. */
@ConfigMapping(prefix = "asm.gateway")
public interface GatewayConfig {

    /** How far Timestamp / x-acs-date may be from the gateway's clock (POP: 15 minutes). */
    @WithDefault("15m")
    Duration timestampWindow();

    /** Region used when a request names none (ACS3 and Tea v2 often send no RegionId). */
    @WithDefault("cn-hangzhou")
    String defaultRegion();

    /** Base URLs of the owning services by name: mesh, cluster, observability, vm. */
    Map<String, String> services();

    /** Connect timeout towards a service. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Whole-call timeout towards a service; past it the caller gets ServiceUnavailable. */
    @WithDefault("15s")
    Duration requestTimeout();

    /**
     * Requests one account may have in flight at once on this replica; more get {@code Throttling.User} at once. So
     * one tenant's slow calls (API servers that never answer) cannot take every worker and stall the others.
     */
    @WithDefault("32")
    int maxConcurrentPerAccount();

    /** How long a looked-up AccessKey is trusted before it is read again (disabling a key takes this long). */
    @WithDefault("5s")
    Duration keyCacheTtl();

    Bootstrap bootstrap();

    Edge edge();

    /**
     * The public listener (see EdgeListener). Env: ASM_GATEWAY_PORT, and QUARKUS_HTTP_HOST as for every service.
     * Quarkus's own listener is internal: loopback unless QUARKUS_HTTP_HOST moves it too, any free port.
     */
    interface Edge {
        int port();

        String host();
    }

    /** The first administrator key, created on first start. Env: ASM_BOOTSTRAP_ACCESS_KEY_ID / _SECRET. */
    interface Bootstrap {
        Optional<String> accessKeyId();

        Optional<String> accessKeySecret();

        /**
         * With neither set and no administrator yet: a generated key is written to this file (0600), never logged.
         * Env: ASM_BOOTSTRAP_SECRET_FILE.
         */
        Optional<String> secretFile();
    }
}
