package io.asm.mesh;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Answers "may this ServiceAccount do verb on a resource" from the RBAC objects stored in an API server, the way
 * Kubernetes' RBAC authorizer does (the fabric8 mock stores them but enforces nothing): ClusterRoleBindings grant
 * everywhere, RoleBindings in their namespace (to a Role or a ClusterRole); a subject is the ServiceAccount itself,
 * its namespace's group, all ServiceAccounts or all authenticated users; a rule matches when verb, API group,
 * resource and (when listed) resource name match, {@code *} matching anything. Aggregated ClusterRoles are read as
 * stored (their rules are what the aggregation controller filled in).
 */
final class RbacEvaluator {

    private final KubernetesClient k;

    RbacEvaluator(KubernetesClient k) {
        this.k = k;
    }

    boolean allows(
            String saNamespace,
            String saName,
            String verb,
            String apiGroup,
            String resource,
            String namespace,
            String name) {
        return rulesFor(saNamespace, saName, namespace).anyMatch(rule -> matches(rule, verb, apiGroup, resource, name));
    }

    private Stream<PolicyRule> rulesFor(String saNamespace, String saName, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        k.rbac().clusterRoleBindings().list().getItems().stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> isSubject(s, saNamespace, saName)))
                .forEach(b -> rules.addAll(rulesOf(b.getRoleRef(), null)));
        if (namespace != null) {
            k.rbac().roleBindings().inNamespace(namespace).list().getItems().stream()
                    .filter(b -> b.getSubjects().stream().anyMatch(s -> isSubject(s, saNamespace, saName)))
                    .forEach(b -> rules.addAll(rulesOf(b.getRoleRef(), namespace)));
        }
        return rules.stream();
    }

    private List<PolicyRule> rulesOf(RoleRef ref, String bindingNamespace) {
        if (ref.getKind().equals("ClusterRole")) {
            var role = k.rbac().clusterRoles().withName(ref.getName()).get();
            return role == null || role.getRules() == null ? List.of() : role.getRules();
        }
        var role = k.rbac()
                .roles()
                .inNamespace(bindingNamespace)
                .withName(ref.getName())
                .get();
        return role == null || role.getRules() == null ? List.of() : role.getRules();
    }

    private static boolean isSubject(Subject s, String saNamespace, String saName) {
        return switch (s.getKind()) {
            case "ServiceAccount" -> s.getName().equals(saName) && Objects.equals(s.getNamespace(), saNamespace);
            case "Group" ->
                List.of("system:serviceaccounts", "system:serviceaccounts:" + saNamespace, "system:authenticated")
                        .contains(s.getName());
            case "User" -> s.getName().equals("system:serviceaccount:" + saNamespace + ":" + saName);
            default -> false;
        };
    }

    private static boolean matches(PolicyRule rule, String verb, String apiGroup, String resource, String name) {
        return anyOrStar(rule.getVerbs(), verb)
                && anyOrStar(rule.getApiGroups(), apiGroup)
                && anyOrStar(rule.getResources(), resource)
                && (rule.getResourceNames() == null
                        || rule.getResourceNames().isEmpty()
                        || name != null && rule.getResourceNames().contains(name));
    }

    private static boolean anyOrStar(List<String> values, String value) {
        return values != null && (values.contains("*") || values.contains(value));
    }
}
