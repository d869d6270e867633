package io.asm.mesh.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** mesh-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.mesh")
public interface MeshServiceConfig {

    /** How mesh control planes are provisioned: {@code simulated} (cluster simulator) or {@code hosted}. */
    @WithDefault("simulated")
    String provisioner();

    /** The cluster simulator's API, for the {@code simulated} provisioner. */
    @WithDefault("http://127.0.0.1:8090")
    String simulatorUrl();
}
