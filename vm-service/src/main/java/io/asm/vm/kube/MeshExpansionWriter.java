package io.asm.vm.kube;

import static io.asm.common.kube.ServerSideApply.apply;

import io.asm.common.kube.KubeClients;
import io.asm.common.kube.Kubeconfig;
import io.asm.common.kube.VmAppLabel;
import io.asm.vm.config.VmServiceConfig;
import io.asm.vm.domain.VmAppSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes and removes a VM application's objects with the short-lived delegate kubeconfigs mesh-service and
 * cluster-service issue. Each call builds its own client and closes it: the credentials change every time, so a
 * cached client would only leak.
 */
@ApplicationScoped
public class MeshExpansionWriter {

    @Inject
    VmServiceConfig config;

    /** ServiceEntry and WorkloadEntries on the mesh API server; WorkloadEntries of IPs no longer listed go. */
    public void applyMeshSide(String kubeconfig, VmAppSpec app) {
        try (KubernetesClient k = client(kubeconfig)) {
            if (k.namespaces().withName(app.namespace()).get() == null) {
                k.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(app.namespace())
                                .endMetadata()
                                .build())
                        .create();
            }
            apply(k, MeshExpansionObjects.SERVICE_ENTRIES, MeshExpansionObjects.serviceEntry(app));
            Set<String> wanted = new HashSet<>();
            for (GenericKubernetesResource we : MeshExpansionObjects.workloadEntries(app)) {
                apply(k, MeshExpansionObjects.WORKLOAD_ENTRIES, we);
                wanted.add(we.getMetadata().getName());
            }
            for (GenericKubernetesResource we :
                    labelled(k, MeshExpansionObjects.WORKLOAD_ENTRIES, app.namespace(), app.serviceName())) {
                if (!wanted.contains(we.getMetadata().getName())) {
                    k.genericKubernetesResources(MeshExpansionObjects.WORKLOAD_ENTRIES)
                            .inNamespace(app.namespace())
                            .withName(we.getMetadata().getName())
                            .delete();
                }
            }
        }
    }

    /** Whatever carries the application's label on the mesh API server. */
    public void deleteMeshSide(String kubeconfig, String namespace, String serviceName) {
        try (KubernetesClient k = client(kubeconfig)) {
            for (var context : new ResourceDefinitionContext[] {
                MeshExpansionObjects.WORKLOAD_ENTRIES, MeshExpansionObjects.SERVICE_ENTRIES
            }) {
                for (GenericKubernetesResource r : labelled(k, context, namespace, serviceName)) {
                    k.genericKubernetesResources(context)
                            .inNamespace(namespace)
                            .withName(r.getMetadata().getName())
                            .delete();
                }
            }
        }
    }

    /** The Service in a member cluster; the namespace must exist there (the delegate may not create namespaces). */
    public void applyService(String kubeconfig, VmAppSpec app) {
        try (KubernetesClient k = client(kubeconfig)) {
            if (k.namespaces().withName(app.namespace()).get() == null) {
                throw new IllegalStateException("namespace " + app.namespace() + " does not exist");
            }
            apply(k, MeshExpansionObjects.service(app));
        }
    }

    public void deleteService(String kubeconfig, String namespace, String serviceName) {
        try (KubernetesClient k = client(kubeconfig)) {
            k.services()
                    .inNamespace(namespace)
                    .withLabel(VmAppLabel.KEY, serviceName)
                    .list()
                    .getItems()
                    .forEach(s -> k.services()
                            .inNamespace(namespace)
                            .withName(s.getMetadata().getName())
                            .delete());
        }
    }

    /**
     * A token of ServiceAccount {@code sa} in {@code namespace} of the mesh API server for istiod's CA (audience
     * {@code istio-ca}), as {@code istioctl x workload entry configure} makes it (DOMAIN.md §5.3).
     */
    public String workloadToken(String kubeconfig, String namespace, String sa, Duration ttl) {
        try (KubernetesClient k = client(kubeconfig)) {
            if (k.namespaces().withName(namespace).get() == null) {
                k.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .endMetadata()
                                .build())
                        .create();
            }
            if (k.serviceAccounts().inNamespace(namespace).withName(sa).get() == null) {
                k.serviceAccounts()
                        .inNamespace(namespace)
                        .resource(new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName(sa)
                                .withNamespace(namespace)
                                .endMetadata()
                                .build())
                        .create();
            }
            return k.serviceAccounts()
                    .inNamespace(namespace)
                    .withName(sa)
                    .tokenRequest(new TokenRequestBuilder()
                            .withNewSpec()
                            .withAudiences("istio-ca")
                            .withExpirationSeconds(ttl.toSeconds())
                            .endSpec()
                            .build())
                    .getStatus()
                    .getToken();
        }
    }

    private static List<GenericKubernetesResource> labelled(
            KubernetesClient k, ResourceDefinitionContext context, String namespace, String serviceName) {
        return k.genericKubernetesResources(context)
                .inNamespace(namespace)
                .withLabel(VmAppLabel.KEY, serviceName)
                .list()
                .getItems();
    }

    /** The strict kubeconfig shape only (no exec, no files), bounded timeouts. */
    private KubernetesClient client(String kubeconfig) {
        return KubeClients.builder()
                .withConfig(Kubeconfig.parse(kubeconfig)
                        .toConfig((int) config.kubeConnectTimeout().toMillis(), (int)
                                config.kubeRequestTimeout().toMillis()))
                .build();
    }
}
