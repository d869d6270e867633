package io.asm.observability.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** observability-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.observability")
public interface ObservabilityConfig {

    /** Base URL under which Grafana dashboards are published. */
    @WithDefault("http://127.0.0.1:3000")
    String grafanaUrl();
}
