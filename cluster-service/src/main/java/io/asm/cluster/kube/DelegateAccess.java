package io.asm.cluster.kube;

import io.asm.cluster.config.DelegateConfig;
import io.asm.common.kube.DelegateAccount;
import io.asm.common.kube.KubeClients;
import io.asm.common.kube.Kubeconfig;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * ServiceAccount {@code asm-delegate} in {@code istio-system} of a member cluster, bound to ClusterRole
 * {@code asm-delegate}: core Services (read and write) and namespaces (read), nothing else. Its tokens expire after
 * {@code asm.delegate.token-ttl}: what other services use instead of the registered credentials.
 */
@ApplicationScoped
public class DelegateAccess {

    public static final String NAME = "asm-delegate";

    @Inject
    KubeClients clients;

    @Inject
    ApiServerPolicy policy;

    @Inject
    DelegateConfig config;

    public DelegateAccount.Issued issue(String registeredKubeconfig, String clusterId) {
        Kubeconfig registered = policy.check(Kubeconfig.parse(registeredKubeconfig));
        DelegateAccount.Token token = DelegateAccount.issue(
                clients.forKubeconfig(registeredKubeconfig), DataPlane.NAMESPACE, role(), config.tokenTtl());
        return token.kubeconfig(clusterId, NAME, registered.serverUrl(), registered.caPem());
    }

    /** The whole contract of the delegate: changing it changes what vm- and observability-service can do. */
    static ClusterRole role() {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("services")
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("namespaces")
                        .withVerbs("get", "list")
                        .build())
                .build();
    }
}
