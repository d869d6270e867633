package io.asm.mesh.kube;

import io.asm.common.kube.IstioNames;
import io.asm.common.kube.KubeClients;
import io.asm.common.kube.Kubeconfigs;
import io.asm.common.kube.ServerSideApply;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.config.MeshServiceConfig;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The external control plane of DOMAIN.md §0 and §4.3 on a host cluster: per mesh, in namespace {@code asm-<meshId>},
 * an etcd StatefulSet and a kube-apiserver (the mesh API server, TLS from the mesh CA, exposed by a LoadBalancer on
 * 6443), and istiod running against it as its config cluster ({@code EXTERNAL_ISTIOD}, plug-in CA {@code cacerts}).
 */
@ApplicationScoped
@Typed(HostedProvisioner.class)
public class HostedProvisioner implements ControlPlaneProvisioner {

    private static final Duration SERVING_CERT_TTL = Duration.ofDays(365);
    private static final String PKI = "/etc/kubernetes/pki";
    private static final String AUDIT_DIR = "/etc/kubernetes/audit";
    private static final String AUDIT_POLICY = "kube-apiserver-audit";

    private final MeshServiceConfig.Hosted config;
    private final SecureRandom random = new SecureRandom();
    private volatile KubernetesClient host;

    @Inject
    MeshVersions versions;

    HostedProvisioner(MeshServiceConfig config) {
        this.config = config.hosted();
    }

    /** Opens the Kiali OIDC secret kept sealed in the mesh's features. */
    @jakarta.inject.Inject
    io.asm.common.crypto.SecretCipher cipher;

    static String namespace(Mesh mesh) {
        return "asm-" + mesh.id;
    }

    @Override
    public Optional<ControlPlane> ensure(Mesh mesh, Map<String, Object> features, MeshCertificateAuthority.Issued ca) {
        KubernetesClient k = host();
        String ns = namespace(mesh);
        ServerSideApply.apply(
                k,
                new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .addToLabels("asm.alibabacloud.com/mesh", mesh.id)
                        .endMetadata()
                        .build());
        Service lb = ServerSideApply.apply(
                k,
                new ServiceBuilder()
                        .withNewMetadata()
                        .withName("kube-apiserver")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withType("LoadBalancer")
                        .addToSelector("app", "kube-apiserver")
                        .addNewPort()
                        .withName("https")
                        .withPort(6443)
                        .endPort()
                        .endSpec()
                        .build());
        String ip = Istiod.loadBalancerIp(lb);
        if (ip == null) {
            return Optional.empty(); // the serving certificate must name the address
        }
        // Made once and kept: regenerating them on every pass would rotate credentials for no reason.
        Secret pki = keepOrCreate(k, ns, "kube-apiserver-pki", () -> {
            var serving = MeshCertificateAuthority.signServer(
                    ca,
                    List.of("kube-apiserver." + ns + ".svc", "kube-apiserver", "localhost"),
                    List.of(ip, "127.0.0.1"),
                    SERVING_CERT_TTL);
            var saKey = MeshCertificateAuthority.keyPair();
            String token = HexFormat.of().formatHex(randomBytes(32));
            return Map.of(
                    "ca.crt",
                    ca.certificatePem(),
                    "tls.crt",
                    serving.certificatePem(),
                    "tls.key",
                    serving.privateKeyPem(),
                    "sa.pub",
                    saKey.certificatePem(),
                    "sa.key",
                    saKey.privateKeyPem(),
                    "tokens.csv",
                    token + ",asm-admin,asm-admin,system:masters\n",
                    "admin-token",
                    token);
        });
        StatefulSet etcd = ServerSideApply.apply(k, etcd(ns));
        ServerSideApply.apply(
                k,
                new ServiceBuilder()
                        .withNewMetadata()
                        .withName("etcd")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("None")
                        .addToSelector("app", "etcd")
                        .addNewPort()
                        .withName("client")
                        .withPort(2379)
                        .endPort()
                        .endSpec()
                        .build());
        MeshAudit audit = MeshAudit.of(features);
        ServerSideApply.apply(
                k,
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(AUDIT_POLICY)
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("policy.yaml", audit.policy())
                        .build());
        Deployment apiserver = ServerSideApply.apply(k, apiserver(ns, ip, audit));
        HostedAddOns.apply(k, ns, mesh, features, config.kialiImage(), cipher::decrypt); // Terraform add-ons
        boolean etcdReady = etcd.getStatus() != null
                && etcd.getStatus().getReadyReplicas() != null
                && etcd.getStatus().getReadyReplicas() >= 1;
        if (!etcdReady || !Istiod.available(apiserver)) {
            return Optional.empty();
        }
        String url = "https://" + ip + ":6443";
        String admin = Kubeconfigs.withToken(
                mesh.id, mesh.id + "-admin", url, ca.certificatePem(), decode(pki, "admin-token"), null);
        return Optional.of(new ControlPlane(ns, url, admin));
    }

    @Override
    public Optional<String> ensureIstiod(Mesh mesh, ControlPlane cp, MeshCertificateAuthority.Issued ca) {
        KubernetesClient k = host();
        String ns = namespace(mesh);
        ServerSideApply.apply(k, secret(ns, "istio-kubeconfig", Map.of("config", cp.kubeconfig())));
        ServerSideApply.apply(k, CaCertsSecret.of(ns, ca));
        List<Volume> volumes = List.of(
                new VolumeBuilder()
                        .withName("config-cluster")
                        .withNewSecret()
                        .withSecretName("istio-kubeconfig")
                        .endSecret()
                        .build(),
                new VolumeBuilder()
                        .withName(IstioNames.CACERTS)
                        .withNewSecret()
                        .withSecretName(IstioNames.CACERTS)
                        .endSecret()
                        .build());
        List<VolumeMount> mounts = List.of(
                new VolumeMountBuilder()
                        .withName("config-cluster")
                        .withMountPath("/var/run/secrets/remote")
                        .withReadOnly(true)
                        .build(),
                new VolumeMountBuilder()
                        .withName(IstioNames.CACERTS)
                        .withMountPath("/etc/cacerts")
                        .withReadOnly(true)
                        .build());
        List<EnvVar> env = List.of(
                new EnvVar("KUBECONFIG", "/var/run/secrets/remote/config", null),
                new EnvVar("INJECTION_WEBHOOK_CONFIG_NAME", "", null),
                new EnvVar("VALIDATION_WEBHOOK_CONFIG_NAME", "", null),
                new EnvVar("POD_NAMESPACE", IstioNames.NAMESPACE, null));
        return Istiod.ensure(k, ns, mesh, versions.installed(mesh.version), env, volumes, mounts);
    }

    @Override
    public void teardown(Mesh mesh) {
        host().namespaces().withName(namespace(mesh)).delete(); // everything above lives in it
    }

    private StatefulSet etcd(String ns) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName("etcd")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withServiceName("etcd")
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "etcd")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "etcd")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("etcd")
                .withImage(config.etcdImage())
                .withCommand(
                        "etcd",
                        "--data-dir=/var/lib/etcd",
                        "--listen-client-urls=http://0.0.0.0:2379",
                        "--advertise-client-urls=http://etcd." + ns + ".svc:2379")
                .addNewPort()
                .withContainerPort(2379)
                .endPort()
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/var/lib/etcd")
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity(config.etcdStorage()))
                .endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    private Deployment apiserver(String ns, String ip, MeshAudit audit) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("kube-apiserver")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "kube-apiserver")
                .endSelector()
                // kube-apiserver reads its audit policy only at start: a changed policy must roll the pod.
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "kube-apiserver")
                .addToAnnotations(MeshAudit.POLICY_HASH_ANNOTATION, audit.policyHash())
                .addToAnnotations(MeshAudit.PROJECT_ANNOTATION, audit.project())
                .endMetadata()
                .withNewSpec()
                .addNewVolume()
                .withName("pki")
                .withNewSecret()
                .withSecretName("kube-apiserver-pki")
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("audit")
                .withNewConfigMap()
                .withName(AUDIT_POLICY)
                .endConfigMap()
                .endVolume()
                .addNewContainer()
                .withName("kube-apiserver")
                .withImage(config.apiserverImage())
                .withCommand(
                        "kube-apiserver",
                        "--etcd-servers=http://etcd." + ns + ".svc:2379",
                        "--secure-port=6443",
                        "--advertise-address=" + ip,
                        "--tls-cert-file=" + PKI + "/tls.crt",
                        "--tls-private-key-file=" + PKI + "/tls.key",
                        "--client-ca-file=" + PKI + "/ca.crt",
                        "--token-auth-file=" + PKI + "/tokens.csv",
                        "--authorization-mode=RBAC",
                        "--service-account-key-file=" + PKI + "/sa.pub",
                        "--service-account-signing-key-file=" + PKI + "/sa.key",
                        "--service-account-issuer=https://kube-apiserver." + ns + ".svc",
                        "--service-cluster-ip-range=10.96.0.0/16",
                        // The audit log goes to stdout, where the cluster's log pipeline collects it (the stand-in for
                        // ASM's SLS project, named in the pod's annotation).
                        "--audit-policy-file=" + AUDIT_DIR + "/policy.yaml",
                        "--audit-log-path=-",
                        "--audit-log-format=json")
                .addNewPort()
                .withContainerPort(6443)
                .endPort()
                .addNewVolumeMount()
                .withName("pki")
                .withMountPath(PKI)
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("audit")
                .withMountPath(AUDIT_DIR)
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private Secret keepOrCreate(KubernetesClient k, String ns, String name, Supplier<Map<String, String>> data) {
        Secret existing = k.secrets().inNamespace(ns).withName(name).get();
        return existing != null ? existing : ServerSideApply.apply(k, secret(ns, name, data.get()));
    }

    private static Secret secret(String ns, String name, Map<String, String> data) {
        SecretBuilder b = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata();
        data.forEach((key, value) ->
                b.addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return b.build();
    }

    private static String decode(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    private KubernetesClient host() {
        if (host == null) {
            synchronized (this) {
                if (host == null) {
                    // The operator's own cluster (file or in-cluster account), so its kubeconfig may be loaded as
                    // fabric8 does; but calls are made inside reconcile transactions: bounded, no client retries.
                    Config c = config.kubeconfigFile()
                            .map(HostedProvisioner::fromFile)
                            .orElseGet(() -> Config.autoConfigure(null));
                    c.setRequestRetryBackoffLimit(0);
                    c.setConnectionTimeout(5_000);
                    c.setRequestTimeout(20_000);
                    host = KubeClients.builder().withConfig(c).build();
                }
            }
        }
        return host;
    }

    private static Config fromFile(String path) {
        try {
            return Config.fromKubeconfig(Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read asm.mesh.hosted.kubeconfig-file " + path, e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @PreDestroy
    void close() {
        if (host != null) {
            host.close();
        }
    }
}
