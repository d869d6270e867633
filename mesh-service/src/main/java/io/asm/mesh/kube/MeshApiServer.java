package io.asm.mesh.kube;

import io.asm.common.kube.IstioNames;
import io.asm.common.kube.KubeClients;
import io.asm.common.kube.Kubeconfigs;
import io.asm.common.kube.ServerSideApply;
import io.asm.istio.IstioCrds;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a mesh's control-plane objects into its mesh API server with server-side apply (idempotent): namespace
 * {@code istio-system}, the Istio CRDs, the {@code istio-admin} ClusterRole (DOMAIN.md §0), the plug-in CA, and the
 * mesh configuration (ConfigMap {@code istio}, the rendered IstioOperator). Where istiod runs is the provisioner's.
 */
@ApplicationScoped
public class MeshApiServer {

    static final String NAMESPACE = IstioNames.NAMESPACE;
    static final String REMOTE_SECRET_PREFIX = IstioNames.REMOTE_SECRET_PREFIX;

    @Inject
    KubeClients clients;
    /**
     * API servers (by their kubeconfig's fingerprint) that received the Istio CRD bundle from this process. The bundle
     * is ~1 MB; without this every reconcile pass while istiod comes up would send it again. Not keyed by the client:
     * a client closed while idle or over KubeClients' maximum would make the bundle go again. Dropped when the mesh
     * is forgotten; a restart applies once more, so a lost CRD comes back then.
     */
    private final Set<String> crdsApplied = ConcurrentHashMap.newKeySet();

    private static final int MAX_OWNER_KUBECONFIGS = 10_000;
    private final Map<String, OwnerKubeconfig> ownerKubeconfigs = new ConcurrentHashMap<>();

    @Inject
    MeshVersions versions;

    /** The bundle as sent: serialized once, not for every mesh (a sixth of a 200-mesh burst's CPU, both sides). */
    private static final List<ServerSideApply.Prepared> CRDS =
            IstioCrds.all().stream().map(ServerSideApply.Prepared::of).toList();

    /** Applies the mesh's configuration objects; {@code pilotAddress} is where proxies find istiod. */
    public void apply(
            Mesh mesh,
            String kubeconfig,
            Map<String, Object> features,
            MeshCertificateAuthority.Issued ca,
            String pilotAddress) {
        KubernetesClient k = clients.forKubeconfig(kubeconfig);
        ServerSideApply.apply(
                k,
                new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build());
        // The plug-in CA istiod signs with (DOMAIN.md §3.1 step 3): the mesh CA, so VM certificates chain to it too.
        ServerSideApply.apply(k, CaCertsSecret.of(NAMESPACE, ca));
        String server = KubeClients.fingerprint(kubeconfig);
        if (!crdsApplied.contains(server)) {
            CRDS.forEach(crd -> ServerSideApply.apply(k, crd));
            crdsApplied.add(server);
        }
        ServerSideApply.apply(k, istioAdmin());
        // Also here, not only with the owner's kubeconfig: a mesh made when the Role still granted Secrets is narrowed
        // by its next change.
        ServerSideApply.apply(k, istioSystemReader());
        String address = pilotAddress;
        ServerSideApply.apply(
                k,
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("istio")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .addToData(
                                "mesh", Serialization.asYaml(IstioOperatorRenderer.meshConfig(mesh, features, address)))
                        .build());
        ServerSideApply.apply(
                k,
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("asm-istio-operator")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .addToData(
                                "istio-operator.yaml",
                                Serialization.asYaml(IstioOperatorRenderer.istioOperator(
                                        mesh, versions.installed(mesh.version), features, address)))
                        .build());
    }

    /** An owner kubeconfig, when its token expires, and from when a new one is issued instead (half its lifetime). */
    public record OwnerKubeconfig(String kubeconfig, Instant expiresAt, Instant renewAt) {}

    /**
     * A kubeconfig for a mesh owner: a ServiceAccount bound to {@code istio-admin}, plus read-only access to
     * {@code istio-system} (no Secrets) and to CRDs (so {@code istioctl analyze} works); its token expires after
     * {@code ttl}. The same one is handed out again until half its lifetime has passed: a client that asks on every
     * refresh (Terraform reads it with the mesh) sees a stable value, and valid tokens do not pile up.
     */
    public OwnerKubeconfig ownerKubeconfig(
            String adminKubeconfig, String server, String caPem, String meshId, Duration ttl) {
        String key = meshId + '\n' + server + '\n' + KubeClients.fingerprint(adminKubeconfig);
        OwnerKubeconfig issued = ownerKubeconfigs.get(key);
        if (issued != null && Instant.now().isBefore(issued.renewAt())) {
            return issued;
        }
        issued = issueOwnerKubeconfig(adminKubeconfig, server, caPem, meshId, ttl);
        if (ownerKubeconfigs.size() >= MAX_OWNER_KUBECONFIGS) {
            ownerKubeconfigs.clear(); // bounded; a dropped one is simply issued afresh
        }
        ownerKubeconfigs.put(key, issued);
        return issued;
    }

    private OwnerKubeconfig issueOwnerKubeconfig(
            String adminKubeconfig, String server, String caPem, String meshId, Duration ttl) {
        KubernetesClient k = clients.forKubeconfig(adminKubeconfig);
        String sa = "asm-mesh-owner";
        ServerSideApply.apply(
                k,
                new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(sa)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .build());
        ServerSideApply.apply(
                k,
                new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("asm-crd-reader")
                        .endMetadata()
                        .addToRules(new PolicyRuleBuilder()
                                .withApiGroups("apiextensions.k8s.io")
                                .withResources("customresourcedefinitions")
                                .withVerbs("get", "list", "watch")
                                .build())
                        .build());
        ServerSideApply.apply(k, istioSystemReader());
        for (String role : new String[] {"istio-admin", "asm-crd-reader"}) {
            ServerSideApply.apply(
                    k,
                    new ClusterRoleBindingBuilder()
                            .withNewMetadata()
                            .withName(role + "-" + sa)
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(sa)
                            .withNamespace(NAMESPACE)
                            .endSubject()
                            .build());
        }
        ServerSideApply.apply(
                k,
                new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("asm-istio-system-reader-" + sa)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "asm-istio-system-reader")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(sa)
                        .withNamespace(NAMESPACE)
                        .endSubject()
                        .build());
        TokenRequest token = k.serviceAccounts()
                .inNamespace(NAMESPACE)
                .withName(sa)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(ttl.toSeconds())
                        .endSpec()
                        .build());
        // An HTTPS mesh API server (hosted) serves a certificate from the mesh CA; the simulator speaks plain HTTP.
        // The server may shorten the lifetime asked for: renewal follows the expiry it granted.
        String expires = token.getStatus().getExpirationTimestamp();
        Instant now = Instant.now();
        Instant expiresAt = OffsetDateTime.parse(expires).toInstant();
        return new OwnerKubeconfig(
                Kubeconfigs.withToken(
                        meshId,
                        meshId + "-owner",
                        server,
                        server.startsWith("https:") ? caPem : null,
                        token.getStatus().getToken(),
                        "expires " + expires),
                expiresAt,
                now.plus(Duration.between(now, expiresAt).dividedBy(2)));
    }

    /**
     * The remote secret istiod watches to read a member cluster (istioctl create-remote-secret's shape): label
     * {@code istio/multiCluster=true}, annotation {@code networking.istio.io/cluster}, the kubeconfig under the
     * cluster id.
     */
    public void putRemoteSecret(String adminKubeconfig, String clusterId, String memberKubeconfig) {
        ServerSideApply.apply(
                clients.forKubeconfig(adminKubeconfig),
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(REMOTE_SECRET_PREFIX + clusterId)
                        .withNamespace(NAMESPACE)
                        .addToLabels(IstioNames.MULTI_CLUSTER_LABEL, "true")
                        .addToAnnotations("networking.istio.io/cluster", clusterId)
                        .endMetadata()
                        .addToData(clusterId, base64(memberKubeconfig))
                        .build());
    }

    public void deleteRemoteSecret(String adminKubeconfig, String clusterId) {
        clients.forKubeconfig(adminKubeconfig)
                .secrets()
                .inNamespace(NAMESPACE)
                .withName(REMOTE_SECRET_PREFIX + clusterId)
                .delete();
    }

    /** The mesh API server's Kubernetes version ({@code /version} gitVersion); empty when it cannot be reached. */
    public String version(String kubeconfig) {
        try {
            return clients.forKubeconfig(kubeconfig).getKubernetesVersion().getGitVersion();
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    public void forget(String kubeconfig) {
        crdsApplied.remove(KubeClients.fingerprint(kubeconfig));
        clients.evict(kubeconfig);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a mesh owner may read in {@code istio-system}: the workloads and configuration the control plane wrote, but
     * no Secrets — {@code cacerts} holds the mesh CA's private key and {@code istio-remote-secret-*} hold the member
     * clusters' reader tokens. Named kinds, not {@code *}, so a kind added later is not readable by accident.
     */
    static Role istioSystemReader() {
        String[] read = {"get", "list", "watch"};
        return new RoleBuilder()
                .withNewMetadata()
                .withName("asm-istio-system-reader")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources(
                                "configmaps", "endpoints", "events", "pods", "pods/log", "serviceaccounts", "services")
                        .withVerbs(read)
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("apps")
                        .withResources("deployments", "replicasets", "statefulsets", "daemonsets")
                        .withVerbs(read)
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("autoscaling", "policy", "discovery.k8s.io")
                        .withResources("horizontalpodautoscalers", "poddisruptionbudgets", "endpointslices")
                        .withVerbs(read)
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("rbac.authorization.k8s.io")
                        .withResources("roles", "rolebindings")
                        .withVerbs(read)
                        .build())
                .build();
    }

    /** Istio's {@code istio-admin} (DOMAIN.md §0): Istio's own resources and namespaces; no Secrets anywhere. */
    static ClusterRole istioAdmin() {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("istio-admin")
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("namespaces")
                        .withVerbs("create", "delete", "get", "list", "patch", "update", "watch")
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups(
                                "config.istio.io",
                                "networking.istio.io",
                                "authentication.istio.io",
                                "rbac.istio.io",
                                "security.istio.io",
                                "telemetry.istio.io")
                        .withResources("*")
                        .withVerbs("*")
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("istio.alibabacloud.com")
                        .withResources("istiogateways")
                        .withVerbs("*")
                        .build())
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("istio.alibabacloud.com")
                        .withResources("*")
                        .withVerbs("get", "list")
                        .build())
                .build();
    }
}
