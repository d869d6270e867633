package io.asm.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** cluster-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.cluster")
public interface ClusterServiceConfig {

    /** How often registered clusters are probed ({@code /version}, reachability). */
    @WithDefault("30s")
    java.time.Duration probeInterval();
}
