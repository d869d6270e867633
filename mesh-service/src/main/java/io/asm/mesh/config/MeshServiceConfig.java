package io.asm.mesh.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** mesh-service settings; every one can be set through the environment (ASM_MESH_...). */
@ConfigMapping(prefix = "asm.mesh")
public interface MeshServiceConfig {

    /**
     * How mesh control planes are provisioned: {@code simulated} (the cluster simulator, development and CI) or
     * {@code hosted} (etcd + kube-apiserver + istiod per mesh in namespace {@code asm-<meshId>} of a host cluster).
     */
    @WithDefault("simulated")
    String provisioner();

    Hosted hosted();

    /** The {@code hosted} provisioner's host cluster and images. */
    interface Hosted {
        /** Kubeconfig file of the host cluster; absent: in-cluster configuration. Env: ASM_MESH_HOSTED_KUBECONFIG_FILE. */
        Optional<String> kubeconfigFile();

        @WithDefault("registry.k8s.io/etcd:3.5.15-0")
        String etcdImage();

        @WithDefault("registry.k8s.io/kube-apiserver:v1.30.4")
        String apiserverImage();

        /** Kiali, run per mesh when the mesh turns it on (UpdateKialiConfiguration). */
        @WithDefault("quay.io/kiali/kiali:v1.89.0")
        String kialiImage();

        /** StorageClass request size of each mesh's etcd volume. */
        @WithDefault("2Gi")
        String etcdStorage();
    }

    /**
     * The version catalogue to use instead of the built-in {@code mesh-versions.json} (same format): which ASM
     * versions meshes may run, their Istio releases, Kubernetes ranges and images. Env: ASM_MESH_VERSIONS_FILE.
     */
    Optional<String> versionsFile();

    /** The cluster simulator's API, for the {@code simulated} provisioner. Env: ASM_MESH_SIMULATOR_URL. */
    @WithDefault("http://127.0.0.1:8090")
    String simulatorUrl();

    /**
     * How soon the reconciler first looks again at a mesh that is waiting for its control plane to come up; later
     * looks come after a quarter of the time waited so far, at most 5 s apart.
     */
    @WithDefault("200ms")
    Duration reconcileInterval();

    /**
     * Failed attempts after which a mesh in {@code initial} or {@code updating} ends {@code failed}, one in
     * {@code upgrading} ends {@code upgrading_failed} (keeping its ErrorMessage); {@code deleting} keeps retrying.
     */
    @WithDefault("20")
    int maxAttempts();

    @WithDefault("1s")
    Duration initialBackoff();

    /** Lifetime of the token in kubeconfigs handed to mesh owners (DescribeServiceMeshKubeconfig). */
    @WithDefault("30d")
    Duration kubeconfigTtl();

    @WithDefault("1m")
    Duration maxBackoff();

    /** How long a mesh may wait for its control plane to be ready before it gives up as after max-attempts. */
    @WithDefault("10m")
    Duration maxWait();
}
