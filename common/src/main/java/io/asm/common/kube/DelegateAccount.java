package io.asm.common.kube;

import static io.asm.common.kube.ServerSideApply.apply;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * A ServiceAccount named after its ClusterRole, bound to it, and a short-lived token for it (TokenRequest): how a
 * service that holds an API server's admin credentials lends another service exactly that role, for a while.
 */
public final class DelegateAccount {

    /** The token and its expiry as the API server reported it (RFC 3339). */
    public record Token(String token, String expirationTime) {

        /** A kubeconfig that reaches {@code server} with this token, its expiry noted at the top. */
        public Issued kubeconfig(String contextName, String user, String server, String caPem) {
            return new Issued(
                    Kubeconfigs.withToken(contextName, user, server, caPem, token, "expires " + expirationTime),
                    expirationTime);
        }
    }

    /** A delegate's kubeconfig, and when its token expires: what other services get instead of stored credentials. */
    public record Issued(String kubeconfig, String expirationTime) {}

    private DelegateAccount() {}

    /** Applies (server-side, idempotent) the account in {@code namespace}, {@code role} and the binding; then a token. */
    public static Token issue(KubernetesClient k, String namespace, ClusterRole role, Duration ttl) {
        String name = role.getMetadata().getName();
        apply(
                k,
                new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .build());
        apply(k, role);
        apply(
                k,
                new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name)
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(name)
                        .withNamespace(namespace)
                        .endSubject()
                        .build());
        TokenRequest token = k.serviceAccounts()
                .inNamespace(namespace)
                .withName(name)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(ttl.toSeconds())
                        .endSpec()
                        .build());
        return new Token(token.getStatus().getToken(), token.getStatus().getExpirationTimestamp());
    }

    /** Removes what {@link #issue} applied; tokens already handed out stop working with their account. */
    public static void revoke(KubernetesClient k, String namespace, String name) {
        k.rbac().clusterRoleBindings().withName(name).delete();
        k.rbac().clusterRoles().withName(name).delete();
        k.serviceAccounts().inNamespace(namespace).withName(name).delete();
    }
}
