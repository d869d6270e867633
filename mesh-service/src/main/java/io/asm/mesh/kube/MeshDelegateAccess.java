package io.asm.mesh.kube;

import io.asm.common.kube.DelegateAccount;
import io.asm.common.kube.KubeClients;
import io.asm.mesh.config.DelegateConfig;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * ServiceAccount {@code asm-vm-delegate} in {@code istio-system} of a mesh API server, bound to ClusterRole
 * {@code asm-vm-delegate}: ServiceEntries and WorkloadEntries, namespaces (get, create: a VM app may be the first thing
 * in its namespace), and ServiceAccounts with their tokens (GetVmMeta's token for Istio's token-based VM flow). Not
 * Secrets, not the rest of Istio's configuration: vm-service needs no more, and a leaked token expires soon.
 */
@ApplicationScoped
public class MeshDelegateAccess {

    public static final String NAME = "asm-vm-delegate";

    @Inject
    KubeClients clients;

    @Inject
    DelegateConfig config;

    public DelegateAccount.Issued issue(String adminKubeconfig, String server, String caPem, String meshId) {
        DelegateAccount.Token token = DelegateAccount.issue(
                clients.forKubeconfig(adminKubeconfig), MeshApiServer.NAMESPACE, role(), config.tokenTtl());
        // As for the owner's kubeconfig: an HTTPS mesh API server serves a certificate from the mesh CA.
        return token.kubeconfig(meshId, NAME, server, server.startsWith("https:") ? caPem : null);
    }

    static ClusterRole role() {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("networking.istio.io")
                        .withResources("serviceentries", "workloadentries")
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("namespaces", "serviceaccounts")
                        .withVerbs("get", "create")
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("serviceaccounts/token")
                        .withVerbs("create")
                        .build())
                .build();
    }
}
