package io.asm.mesh.kube;

import io.asm.common.kube.ServerSideApply;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** istiod as a workload, exposed by a LoadBalancer on 15012 (xDS + CA) and 15017 (webhook), DOMAIN.md §3.1 step 5. */
final class Istiod {

    private Istiod() {}

    /** Applies istiod in {@code namespace}; its address once the LoadBalancer has one and a replica is available. */
    static Optional<String> ensure(
            KubernetesClient k,
            String namespace,
            Mesh mesh,
            MeshVersions.Version version,
            List<EnvVar> extraEnv,
            List<Volume> volumes,
            List<VolumeMount> mounts) {
        Service lb = ServerSideApply.apply(
                k,
                new ServiceBuilder()
                        .withNewMetadata()
                        .withName("istiod")
                        .withNamespace(namespace)
                        .addToLabels("app", "istiod")
                        .endMetadata()
                        .withNewSpec()
                        .withType("LoadBalancer")
                        .addToSelector("app", "istiod")
                        .addNewPort()
                        .withName("grpc-xds")
                        .withPort(15012)
                        .endPort()
                        .addNewPort()
                        .withName("https-webhook")
                        .withPort(15017)
                        .endPort()
                        .endSpec()
                        .build());
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("EXTERNAL_ISTIOD", "true", null),
                new EnvVar("CLUSTER_ID", mesh.id, null),
                new EnvVar("SHARED_MESH_CONFIG", "istio", null)));
        env.addAll(extraEnv);
        Deployment istiod = ServerSideApply.apply(
                k,
                new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("istiod")
                        .withNamespace(namespace)
                        .addToLabels("app", "istiod")
                        .addToLabels("asm.alibabacloud.com/mesh", mesh.id)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .addToMatchLabels("app", "istiod")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "istiod")
                        .endMetadata()
                        .withNewSpec()
                        .addAllToVolumes(volumes)
                        .addNewContainer()
                        .withName("discovery")
                        .withImage(version.images().pilot())
                        .withArgs("discovery", "--monitoringAddr=:15014", "--domain", "cluster.local")
                        .withEnv(env)
                        .withVolumeMounts(mounts)
                        .addNewPort()
                        .withContainerPort(15012)
                        .endPort()
                        .addNewPort()
                        .withContainerPort(15017)
                        .endPort()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build());
        return Optional.ofNullable(loadBalancerIp(lb))
                .filter(ip -> available(istiod))
                .map(ip -> ip + ":15012");
    }

    static String loadBalancerIp(Service lb) {
        var ingress = lb.getStatus() == null || lb.getStatus().getLoadBalancer() == null
                ? null
                : lb.getStatus().getLoadBalancer().getIngress();
        return ingress == null || ingress.isEmpty() ? null : ingress.get(0).getIp();
    }

    static boolean available(Deployment d) {
        return d.getStatus() != null
                && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas() >= 1;
    }
}
