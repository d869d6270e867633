package io.asm.mesh.kube;

import io.asm.common.kube.IstioNames;
import io.asm.common.kube.ServerSideApply;
import io.asm.mesh.domain.KialiSettings;
import io.asm.mesh.domain.Mesh;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Terraform add-ons a hosted mesh runs in its namespace on the host cluster: Kiali (a Deployment reading the mesh
 * API server through istiod's kubeconfig Secret, a Service, its ConfigMap and OIDC Secret) while KialiEnabled, and
 * {@code istiod-public}, a LoadBalancer Service for istiod carrying the bound EIP, while PilotPublicEip. Turned off,
 * they are deleted.
 */
final class HostedAddOns {

    static final String KIALI = "kiali";
    static final String ISTIOD_PUBLIC = "istiod-public";
    /** The EIP the cloud's load-balancer controller attaches to the Service. */
    static final String EIP_ANNOTATION = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-eip-ids";

    private HostedAddOns() {}

    static void apply(
            KubernetesClient k,
            String ns,
            Mesh mesh,
            Map<String, Object> f,
            String kialiImage,
            UnaryOperator<String> open) {
        pilotEip(k, ns, mesh, String.valueOf(f.get("PilotPublicEipId")));
        if (Boolean.TRUE.equals(f.get("KialiEnabled"))) {
            kiali(k, ns, mesh, KialiSettings.of(f), kialiImage, open);
        } else {
            k.apps().deployments().inNamespace(ns).withName(KIALI).delete();
            k.services().inNamespace(ns).withName(KIALI).delete();
            k.configMaps().inNamespace(ns).withName(KIALI).delete();
            k.secrets().inNamespace(ns).withName(KIALI).delete();
        }
    }

    private static void pilotEip(KubernetesClient k, String ns, Mesh mesh, String eipId) {
        if (!mesh.pilotPublicEip) {
            k.services().inNamespace(ns).withName(ISTIOD_PUBLIC).delete();
            return;
        }
        var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(ISTIOD_PUBLIC)
                .withNamespace(ns)
                .addToLabels("app", "istiod");
        if (!eipId.isEmpty()) {
            meta.addToAnnotations(EIP_ANNOTATION, eipId);
        }
        ServerSideApply.apply(
                k,
                new ServiceBuilder()
                        .withMetadata(meta.build())
                        .withNewSpec()
                        .withType("LoadBalancer")
                        .addToSelector("app", "istiod")
                        .addNewPort()
                        .withName("grpc-xds")
                        .withPort(15012)
                        .endPort()
                        .endSpec()
                        .build());
    }

    private static void kiali(
            KubernetesClient k, String ns, Mesh mesh, KialiSettings s, String image, UnaryOperator<String> open) {
        String secret = s.openId().sealedClientSecret();
        ServerSideApply.apply(
                k,
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(KIALI)
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData(
                                "oidc-secret",
                                Base64.getEncoder()
                                        .encodeToString((secret.isEmpty() ? "" : open.apply(secret))
                                                .getBytes(StandardCharsets.UTF_8)))
                        .build());
        ServerSideApply.apply(
                k,
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(KIALI)
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("config.yaml", Serialization.asYaml(kialiConfig(ns, s)))
                        .build());
        ServerSideApply.apply(
                k,
                new ServiceBuilder()
                        .withNewMetadata()
                        .withName(KIALI)
                        .withNamespace(ns)
                        .addToAnnotations(s.annotationMap())
                        .endMetadata()
                        .withNewSpec()
                        .withType(s.integrateClb() ? "LoadBalancer" : "ClusterIP")
                        .addToSelector("app", KIALI)
                        .addNewPort()
                        .withName("http")
                        .withPort(20001)
                        .endPort()
                        .endSpec()
                        .build());
        ServerSideApply.apply(
                k,
                new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(KIALI)
                        .withNamespace(ns)
                        .addToLabels("asm.alibabacloud.com/mesh", mesh.id)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .addToMatchLabels("app", KIALI)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", KIALI)
                        .endMetadata()
                        .withNewSpec()
                        .addNewVolume()
                        .withName("config")
                        .withNewConfigMap()
                        .withName(KIALI)
                        .endConfigMap()
                        .endVolume()
                        .addNewVolume()
                        .withName("secret")
                        .withNewSecret()
                        .withSecretName(KIALI)
                        .endSecret()
                        .endVolume()
                        // The mesh API server, as a remote cluster: the kubeconfig istiod uses.
                        .addNewVolume()
                        .withName("mesh-api-server")
                        .withNewSecret()
                        .withSecretName("istio-kubeconfig")
                        .endSecret()
                        .endVolume()
                        .addNewContainer()
                        .withName(KIALI)
                        .withImage(image)
                        .withCommand("/opt/kiali/kiali", "-config", "/kiali-configuration/config.yaml")
                        .addNewPort()
                        .withContainerPort(20001)
                        .endPort()
                        .addNewVolumeMount()
                        .withName("config")
                        .withMountPath("/kiali-configuration")
                        .endVolumeMount()
                        .addNewVolumeMount()
                        .withName("secret")
                        .withMountPath("/kiali-secret")
                        .endVolumeMount()
                        .addNewVolumeMount()
                        .withName("mesh-api-server")
                        .withMountPath("/kiali-remote-cluster-secrets/" + mesh.id)
                        .withReadOnly(true)
                        .endVolumeMount()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build());
    }

    /** Kiali's config.yaml from the settings; ramoauth is OpenID against the account's RAM OAuth client. */
    static Map<String, Object> kialiConfig(String ns, KialiSettings s) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("strategy", s.authStrategy().equals("token") ? "token" : "openid");
        if (!s.authStrategy().equals("token")) {
            auth.put(
                    "openid",
                    Map.of(
                            "client_id", s.openId().clientId(),
                            "issuer_uri", s.openId().issuerUri(),
                            "scopes", s.openId().scopes()));
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("port", 20001);
        server.put(
                "web_root",
                s.server().webRoot().isEmpty() ? "/kiali" : s.server().webRoot());
        if (!s.server().webFqdn().isEmpty()) {
            server.put("web_fqdn", s.server().webFqdn());
            server.put("web_port", String.valueOf(s.server().webPort()));
            server.put("web_schema", s.server().webSchema());
        }
        Map<String, Object> prometheus = new LinkedHashMap<>();
        prometheus.put(
                "url",
                s.customPrometheusUrl().isEmpty()
                        ? "http://prometheus." + IstioNames.NAMESPACE + ":9090"
                        : s.customPrometheusUrl());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("auth", auth);
        config.put("deployment", Map.of("namespace", ns, "accessible_namespaces", List.of("**")));
        config.put("istio_namespace", IstioNames.NAMESPACE);
        config.put("server", server);
        config.put("external_services", Map.of("prometheus", prometheus));
        return config;
    }
}
