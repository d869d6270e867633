package io.asm.vm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** vm-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.vm")
public interface VmServiceConfig {

    /** mesh-service's internal API (mesh CA, mesh API server credentials). */
    @WithDefault("http://127.0.0.1:8081")
    String meshServiceUrl();

    /** cluster-service's internal API (member clusters and their short-lived credentials). */
    @WithDefault("http://127.0.0.1:8082")
    String clusterServiceUrl();

    /** Validity of a GetVmMeta workload certificate (DOMAIN.md §6.2: a hand-installed VM has no other credential). */
    @WithDefault("90d")
    Duration workloadCertTtl();

    /** Lifetime of GetVmMeta's ServiceAccount token (istioctl's default). */
    @WithDefault("1h")
    Duration workloadTokenTtl();

    /** Bounds of every call to a mesh API server or member cluster. */
    @WithDefault("5s")
    Duration kubeConnectTimeout();

    @WithDefault("20s")
    Duration kubeRequestTimeout();

    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** Applying gives up as {@code failed} after this many attempts; removing then completes without clean-up. */
    @WithDefault("10")
    int maxAttempts();

    /** Waiting for the mesh to run is bounded too: after this long without a change, applying ends as failed. */
    @WithDefault("10m")
    Duration maxWait();

    /**
     * How soon to look again while the mesh is not running yet; later looks come after a quarter of the time waited so
     * far, at most 5 s apart.
     */
    @WithDefault("2s")
    Duration waitInterval();
}
