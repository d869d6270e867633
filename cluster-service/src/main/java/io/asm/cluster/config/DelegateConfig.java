package io.asm.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The short-lived credentials other services get for a member cluster (ARCHITECTURE.md, data-plane clusters). */
@ConfigMapping(prefix = "asm.delegate")
public interface DelegateConfig {

    /** How long a delegate token lives; Kubernetes refuses TokenRequests under 10 minutes. */
    @WithDefault("10m")
    Duration tokenTtl();
}
