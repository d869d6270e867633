package io.asm.mesh.kube;

import io.asm.common.kube.KubeClients;
import io.asm.common.kube.ServerSideApply;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * GrantUserPermissions on a mesh API server: ASM's roles as ClusterRoles ({@code istio-admin} is MeshApiServer's;
 * {@code istio-ops} may change Istio resources but not namespaces, {@code istio-readonly} only reads them) and one
 * ClusterRoleBinding per sub-account, {@code asm-user-<id>}, whose subject is the sub-account as a User (a RAM role
 * as the Group {@code ram-role:<id>}).
 */
@ApplicationScoped
public class MeshUserRbac {

    static final String BINDING_PREFIX = "asm-user-";
    private static final String[] ISTIO_GROUPS = {
        "config.istio.io",
        "networking.istio.io",
        "authentication.istio.io",
        "rbac.istio.io",
        "security.istio.io",
        "telemetry.istio.io",
        "extensions.istio.io"
    };

    /** Both roles see which namespaces exist; only istio-admin may make or remove them. */
    private static final PolicyRule NAMESPACE_READER = new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("namespaces")
            .withVerbs("get", "list", "watch")
            .build();

    @Inject
    KubeClients clients;

    /** Binds {@code subAccount} to {@code role} on the mesh behind {@code adminKubeconfig}; a null role unbinds. */
    public void bind(String adminKubeconfig, String subAccount, String role, boolean ramRole) {
        var k = clients.forKubeconfig(adminKubeconfig);
        String name = BINDING_PREFIX + subAccount;
        ClusterRoleBinding existing =
                k.rbac().clusterRoleBindings().withName(name).get();
        // roleRef cannot change in place: a binding to another role is replaced.
        if (existing != null
                && (role == null || !existing.getRoleRef().getName().equals(role))) {
            k.rbac().clusterRoleBindings().withName(name).delete();
        }
        if (role == null) {
            return;
        }
        ServerSideApply.apply(k, istioOps());
        ServerSideApply.apply(k, istioReadonly());
        ServerSideApply.apply(
                k,
                new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("asm.alibabacloud.com/sub-account", "true")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                        .addNewSubject()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind(ramRole ? "Group" : "User")
                        .withName(ramRole ? "ram-role:" + subAccount : subAccount)
                        .endSubject()
                        .build());
    }

    static ClusterRole istioOps() {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("istio-ops")
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups(ISTIO_GROUPS)
                        .withResources("*")
                        .withVerbs("*")
                        .build())
                .addToRules(NAMESPACE_READER)
                .build();
    }

    static ClusterRole istioReadonly() {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("istio-readonly")
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups(ISTIO_GROUPS)
                        .withResources("*")
                        .withVerbs("get", "list", "watch")
                        .build())
                .addToRules(NAMESPACE_READER)
                .build();
    }
}
