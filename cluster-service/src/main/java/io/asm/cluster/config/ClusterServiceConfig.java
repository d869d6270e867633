package io.asm.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** cluster-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.cluster")
public interface ClusterServiceConfig {

    /** How often each registered cluster is probed ({@code /version}, reachability). */
    @WithDefault("30s")
    Duration probeInterval();

    /** mesh-service's internal API. Env: ASM_MESH_URL. */
    @WithDefault("http://127.0.0.1:8081")
    String meshUrl();

    /**
     * How soon the reconciler first looks again at a membership that waits (for the mesh, for a token); later looks
     * come after a quarter of the time waited so far, at most 5 s apart.
     */
    @WithDefault("500ms")
    Duration reconcileInterval();

    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("2m")
    Duration maxBackoff();

    /** Failed attempts after which joining is given up as failed, or leaving completes without the cluster's help. */
    @WithDefault("10")
    int maxAttempts();

    /** How long joining may wait (for the mesh to run, for the reader token) before it ends as failed. */
    @WithDefault("10m")
    Duration maxWait();
}
