package io.asm.vm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** vm-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.vm")
public interface VmServiceConfig {

    /** mesh-service's internal API (mesh CA, mesh API server credentials). */
    @WithDefault("http://127.0.0.1:8081")
    String meshServiceUrl();
}
