package io.asm.cluster.kube;

import static io.asm.common.kube.ServerSideApply.apply;

import io.asm.cluster.config.RegistrationConfig;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.DelegateAccount;
import io.asm.common.kube.IstioNames;
import io.asm.common.kube.KubeClients;
import io.asm.common.kube.Kubeconfig;
import io.asm.common.kube.Kubeconfigs;
import io.asm.common.kube.VmAppLabel;
import io.asm.common.text.RemoteText;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The membership objects on a data-plane cluster (DOMAIN.md §3.9 step 2, the upstream external-control-plane
 * "register the cluster" steps): namespace {@code istio-system} led by the mesh's control plane, the reader
 * ServiceAccount with its ClusterRole and token, and the sidecar injector pointing at the mesh's istiod.
 */
@ApplicationScoped
public class DataPlane {

    static final String NAMESPACE = IstioNames.NAMESPACE;
    static final String READER = "istio-reader-service-account";
    static final String READER_ROLE = "istio-reader-clusterrole-istio-system";
    static final String READER_TOKEN = "istio-reader-service-account-istio-remote-secret-token";
    static final String CONTROL_PLANE_CLUSTERS = "topology.istio.io/controlPlaneClusters";

    private static final Logger LOG = Logger.getLogger(DataPlane.class);

    @Inject
    KubeClients clients;

    @Inject
    ApiServerPolicy policy;

    @Inject
    RegistrationConfig registration;

    /**
     * A proven kubeconfig and the UID of the cluster's kube-system namespace: the usual cluster id, the same however
     * the kubeconfig spells or reaches the server ({@code localhost}, {@code [::ffff:127.0.0.1]}, an upper-case scheme,
     * a trailing path, another front end), and different for clusters behind one front end.
     */
    public record Proven(Kubeconfig kubeconfig, String systemUid) {}

    /**
     * A submitted kubeconfig, checked (strict shape, the operator's rule for API servers) and proven: its credentials
     * must read {@code /version} and find kube-system in the namespace list within the proof timeout. A failure says
     * only that: which step failed, and how, stays in the log.
     */
    public Proven prove(String kubeconfig) {
        Kubeconfig k = policy.check(Kubeconfig.parse(kubeconfig));
        int timeout = (int) registration.proofTimeout().toMillis();
        try (KubernetesClient client =
                KubeClients.builder().withConfig(k.toConfig(timeout, timeout)).build()) {
            client.getKubernetesVersion();
            return new Proven(k, systemUid(client));
        } catch (RuntimeException e) {
            // One answer whatever went wrong: telling a refused connection from an HTTP error or a refusal of the
            // credentials would let a tenant map the ports and services this service can reach. The operator's log
            // has the detail.
            LOG.infof("A kubeconfig for %s failed its proof: %s", k.serverUrl(), RemoteText.describe(e));
            throw new AsmException(
                    AsmError.INVALID_PARAMETER,
                    "Kubeconfig",
                    "Its API server is unreachable or refused the credentials.");
        }
    }

    /** The UID of a registered cluster's kube-system namespace (for registrations stored before V6). */
    public String systemUid(String kubeconfig) {
        return systemUid(client(kubeconfig));
    }

    /**
     * kube-system's UID, read with the namespace list right the proof needs anyway; a server that shows none (no
     * such right, not a Kubernetes API server) fails the proof.
     */
    private static String systemUid(KubernetesClient client) {
        return client
                .namespaces()
                .withField("metadata.name", "kube-system")
                .list(new ListOptionsBuilder().withLimit(1L).build())
                .getItems()
                .stream()
                .filter(n -> "kube-system".equals(n.getMetadata().getName()))
                .map(n -> n.getMetadata().getUid())
                .filter(uid -> uid != null && !uid.isBlank())
                .findFirst()
                .orElseThrow(() -> new KubernetesClientException("no kube-system namespace with a UID"));
    }

    /** The cluster's Kubernetes version ({@code /version}); fails when it cannot be reached. */
    public String version(String kubeconfig) {
        var v = client(kubeconfig).getKubernetesVersion();
        return v.getGitVersion();
    }

    /** True when {@code istio-system} already runs an istiod of its own (DOMAIN.md §3.9, IgnoreNamespaceCheck). */
    public boolean hostsAnotherIstio(String kubeconfig) {
        return client(kubeconfig)
                        .apps()
                        .deployments()
                        .inNamespace(NAMESPACE)
                        .withName(IstioNames.ISTIOD)
                        .get()
                != null;
    }

    /** A registered cluster's client, its server checked again against the rule (the rule or DNS may have changed). */
    private KubernetesClient client(String kubeconfig) {
        policy.check(Kubeconfig.parse(kubeconfig));
        return clients.forKubeconfig(kubeconfig);
    }

    /**
     * Applies the membership objects, unless istio-system is still terminating; see {@link Joined} for what a pass
     * leaves.
     */
    public Joined join(
            String kubeconfig,
            String clusterId,
            String meshId,
            String pilotEndpoint,
            boolean discoveryOnly,
            String createdNamespaceUid) {
        KubernetesClient k = client(kubeconfig);
        Namespace existing = k.namespaces().withName(NAMESPACE).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            // Being deleted (the cluster left a mesh a moment ago): nothing can be created in it until it is gone.
            return new Joined(Optional.empty(), createdNamespaceUid, "istio-system to finish terminating");
        }
        Namespace system = apply(
                k,
                new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        // Istio ≥ 1.15: the external istiod leads this cluster (root-cert ConfigMaps, webhook
                        // caBundle).
                        .addToAnnotations(CONTROL_PLANE_CLUSTERS, meshId)
                        .endMetadata()
                        .build());
        // Ours to delete on leaving only if this join made it, or it is still the very one an earlier join made.
        String created = existing == null
                ? system.getMetadata().getUid()
                : Objects.equals(existing.getMetadata().getUid(), createdNamespaceUid) ? createdNamespaceUid : null;
        apply(
                k,
                new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(READER)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .build());
        apply(
                k,
                new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName(READER_ROLE)
                        .endMetadata()
                        .withRules(readerRules())
                        .build());
        apply(
                k,
                new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName(READER_ROLE)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", READER_ROLE)
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(READER)
                        .withNamespace(NAMESPACE)
                        .endSubject()
                        .build());
        // Kubernetes ≥ 1.24 no longer makes one by itself: the token controller fills it in.
        Secret token = apply(
                k,
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(READER_TOKEN)
                        .withNamespace(NAMESPACE)
                        .addToAnnotations("kubernetes.io/service-account.name", READER)
                        .endMetadata()
                        .withType("kubernetes.io/service-account-token")
                        .build());
        if (discoveryOnly) {
            k.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(InjectorWebhook.NAME)
                    .delete();
        } else {
            apply(k, InjectorWebhook.of(clusterId, pilotEndpoint));
        }
        if (token.getData() == null || token.getData().get("token") == null) {
            token = k.secrets().inNamespace(NAMESPACE).withName(READER_TOKEN).get();
        }
        if (token == null || token.getData() == null || token.getData().get("token") == null) {
            return new Joined(Optional.empty(), created, "the token controller to fill in the reader token");
        }
        Kubeconfig registered = Kubeconfig.parse(kubeconfig);
        return new Joined(
                Optional.of(Kubeconfigs.withToken(
                        clusterId,
                        READER,
                        registered.serverUrl(),
                        registered.caPem(),
                        decode(token.getData().get("token")),
                        null)),
                created,
                null);
    }

    /**
     * What a join pass left: the kubeconfig istiod should read the cluster with (reader token), or, while there is
     * none yet, what the join waits for; and the UID of the istio-system joining created, or null when it was there
     * before.
     */
    public record Joined(Optional<String> readerKubeconfig, String createdNamespaceUid, String waitingFor) {}

    /**
     * Removes what {@link #join} made, the delegate account and the mesh's VM app Services; istio-system only when it
     * is the one joining created ({@code createdNamespaceUid}, DOMAIN.md §3.10) and {@code reserveNamespace} is false:
     * one that was there before may hold the user's own objects.
     */
    public void leave(String kubeconfig, boolean reserveNamespace, String createdNamespaceUid) {
        KubernetesClient k = client(kubeconfig);
        k.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(InjectorWebhook.NAME)
                .delete();
        k.secrets().inNamespace(NAMESPACE).withName(READER_TOKEN).delete();
        k.rbac().clusterRoleBindings().withName(READER_ROLE).delete();
        k.rbac().clusterRoles().withName(READER_ROLE).delete();
        k.serviceAccounts().inNamespace(NAMESPACE).withName(READER).delete();
        // The mesh's VM applications' Services: they route to WorkloadEntries of a mesh the cluster is no longer in.
        k.services().inAnyNamespace().withLabel(VmAppLabel.KEY).delete();
        DelegateAccount.revoke(k, NAMESPACE, DelegateAccess.NAME);
        Namespace system = k.namespaces().withName(NAMESPACE).get();
        if (system == null) {
            return;
        }
        if (!reserveNamespace
                && createdNamespaceUid != null
                && createdNamespaceUid.equals(system.getMetadata().getUid())) {
            k.namespaces().withName(NAMESPACE).delete();
        } else {
            // Someone else's, or kept: it no longer names this mesh's control plane.
            k.namespaces().withName(NAMESPACE).edit(ns -> {
                ns.getMetadata().getAnnotations().remove(CONTROL_PLANE_CLUSTERS);
                return ns;
            });
        }
    }

    public void forget(String kubeconfig) {
        clients.evict(kubeconfig);
    }

    /** Upstream's reader role, plus what a remote istiod writes (ConfigMaps, webhook caBundle). */
    private static List<PolicyRule> readerRules() {
        List<String> read = List.of("get", "list", "watch");
        return List.of(
                rule(
                        List.of(
                                "config.istio.io",
                                "security.istio.io",
                                "networking.istio.io",
                                "authentication.istio.io",
                                "rbac.istio.io",
                                "telemetry.istio.io",
                                "extensions.istio.io"),
                        List.of("*"),
                        read),
                rule(
                        List.of(""),
                        List.of(
                                "endpoints",
                                "pods",
                                "services",
                                "nodes",
                                "replicationcontrollers",
                                "namespaces",
                                "secrets"),
                        read),
                rule(List.of("discovery.k8s.io"), List.of("endpointslices"), read),
                rule(List.of("apps"), List.of("replicasets"), read),
                rule(List.of("apiextensions.k8s.io"), List.of("customresourcedefinitions"), read),
                rule(List.of("gateway.networking.k8s.io"), List.of("*"), read),
                rule(List.of("authentication.k8s.io"), List.of("tokenreviews"), List.of("create")),
                rule(List.of("authorization.k8s.io"), List.of("subjectaccessreviews"), List.of("create")),
                rule(List.of(""), List.of("configmaps"), List.of("create", "get", "list", "watch", "update")),
                rule(
                        List.of("admissionregistration.k8s.io"),
                        List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations"),
                        List.of("get", "list", "watch", "update", "patch")));
    }

    private static PolicyRule rule(List<String> groups, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder()
                .withApiGroups(groups)
                .withResources(resources)
                .withVerbs(verbs)
                .build();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
