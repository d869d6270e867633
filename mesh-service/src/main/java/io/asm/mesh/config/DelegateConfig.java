package io.asm.mesh.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The short-lived credentials vm-service gets for a mesh API server. */
@ConfigMapping(prefix = "asm.delegate")
public interface DelegateConfig {

    /** How long a delegate token lives; Kubernetes refuses TokenRequests under 10 minutes. */
    @WithDefault("10m")
    Duration tokenTtl();
}
