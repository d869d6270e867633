package io.asm.mesh.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** mesh-service settings; every one can be set through the environment (ASM_MESH_...). */
@ConfigMapping(prefix = "asm.mesh")
public interface MeshServiceConfig {

    /** How mesh control planes are provisioned: {@code simulated} (the cluster simulator). */
    @WithDefault("simulated")
    String provisioner();

    /** The cluster simulator's API, for the {@code simulated} provisioner. Env: ASM_MESH_SIMULATOR_URL. */
    @WithDefault("http://127.0.0.1:8090")
    String simulatorUrl();

    /** How soon the reconciler looks again at a mesh that is waiting for its control plane to come up. */
    @WithDefault("200ms")
    Duration reconcileInterval();

    /** Failed attempts after which a creating mesh is marked failed (it keeps its ErrorMessage). */
    @WithDefault("20")
    int maxAttempts();

    @WithDefault("1s")
    Duration initialBackoff();

    /** Lifetime of the token in kubeconfigs handed to mesh owners (DescribeServiceMeshKubeconfig). */
    @WithDefault("30d")
    Duration kubeconfigTtl();

    @WithDefault("1m")
    Duration maxBackoff();
}
