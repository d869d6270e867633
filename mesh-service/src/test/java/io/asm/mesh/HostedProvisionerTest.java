package io.asm.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The hosted provisioner against a host cluster (a simulated API server standing in for a real one): the objects
 * it applies in {@code asm-<meshId>}. The simulated LoadBalancer addresses are not routable, so the mesh itself
 * cannot get past writing its configuration; that failure must show in ErrorMessage.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@TestProfile(HostedProvisionerTest.Hosted.class)
class HostedProvisionerTest {

    static SimulatedCluster host;

    public static class Hosted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                host = SimulatorResource.simulator().create("host", false);
                Path file = Files.createTempFile("host", ".kubeconfig");
                Files.writeString(file, host.kubeconfig());
                return Map.of(
                        "asm.mesh.provisioner",
                        "hosted",
                        "asm.mesh.hosted.kubeconfig-file",
                        file.toString(),
                        "asm.mesh.max-attempts",
                        "1000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void externalControlPlaneObjectsOnTheHostCluster() throws Exception {
        String id = MeshLifecycleTest.create(
                "4242", MeshLifecycleTest.meshParams("EnableAudit", true, "AuditProject", "audit-4242"));
        String ns = "asm-" + id;
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(host.kubeconfig()))
                .build()) {
            var istiod = await(() ->
                    k.apps().deployments().inNamespace(ns).withName("istiod").get());
            var apiserver = k.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("kube-apiserver")
                    .get();
            List<String> args = apiserver
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getCommand();
            assertTrue(args.contains("--etcd-servers=http://etcd." + ns + ".svc:2379"), args.toString());
            assertTrue(
                    args.contains("--authorization-mode=RBAC") && args.contains("--secure-port=6443"), args.toString());
            // EnableAudit: the API server audits Istio resources (changes in full, reads as metadata) to stdout.
            assertTrue(
                    args.contains("--audit-policy-file=/etc/kubernetes/audit/policy.yaml")
                            && args.contains("--audit-log-path=-"),
                    args.toString());
            Map<String, Object> policy = Serialization.unmarshal(
                    k.configMaps()
                            .inNamespace(ns)
                            .withName("kube-apiserver-audit")
                            .get()
                            .getData()
                            .get("policy.yaml"),
                    Map.class);
            assertEquals("audit.k8s.io/v1", policy.get("apiVersion"));
            List<Map<String, Object>> rules = (List<Map<String, Object>>) policy.get("rules");
            assertEquals(
                    List.of("RequestResponse", "Metadata", "None"),
                    rules.stream().map(r -> r.get("level")).toList());
            assertTrue(((List<?>) rules.get(0).get("verbs")).contains("patch"));
            assertTrue(((List<?>) rules.get(0).get("resources")).contains(Map.of("group", "networking.istio.io")));
            assertEquals(
                    "audit-4242",
                    apiserver
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get("asm.alibabacloud.com/audit-project"));
            var etcd = k.apps().statefulSets().inNamespace(ns).withName("etcd").get();
            assertEquals(
                    "registry.k8s.io/etcd:3.5.15-0",
                    etcd.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage());
            String ip = k.services()
                    .inNamespace(ns)
                    .withName("kube-apiserver")
                    .get()
                    .getStatus()
                    .getLoadBalancer()
                    .getIngress()
                    .get(0)
                    .getIp();

            // The API server's certificate names its address and chains to the mesh CA, which istiod signs with.
            var pki = k.secrets()
                    .inNamespace(ns)
                    .withName("kube-apiserver-pki")
                    .get()
                    .getData();
            var serving = MeshCertificateAuthority.certificate(decode(pki.get("tls.crt")));
            var ca = MeshCertificateAuthority.certificate(decode(k.secrets()
                    .inNamespace(ns)
                    .withName("cacerts")
                    .get()
                    .getData()
                    .get("root-cert.pem")));
            serving.verify(ca.getPublicKey());
            assertTrue(serving.getSubjectAlternativeNames().stream()
                    .anyMatch(n -> n.get(1).equals(ip)));

            var env = istiod.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv();
            assertEquals(
                    "true",
                    env.stream()
                            .filter(e -> e.getName().equals("EXTERNAL_ISTIOD"))
                            .findFirst()
                            .orElseThrow()
                            .getValue());
            assertEquals(
                    id,
                    env.stream()
                            .filter(e -> e.getName().equals("CLUSTER_ID"))
                            .findFirst()
                            .orElseThrow()
                            .getValue());
            String configCluster = decode(k.secrets()
                    .inNamespace(ns)
                    .withName("istio-kubeconfig")
                    .get()
                    .getData()
                    .get("config"));
            assertTrue(configCluster.contains("server: https://" + ip + ":6443"), configCluster);
        }
        // Unroutable in the simulator: the reason is shown, and the mesh keeps trying.
        var mesh = await(() -> {
            var r = MeshLifecycleTest.as("4242").get("/meshes/" + id);
            String error = r.path("ServiceMesh.ServiceMeshInfo.ErrorMessage");
            return error == null || error.isEmpty() ? null : r;
        });
        assertEquals("initial", mesh.path("ServiceMesh.ServiceMeshInfo.State"));

        MeshLifecycleTest.as("4242").delete("/meshes/" + id).then().statusCode(200);
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(host.kubeconfig()))
                .build()) {
            await(() -> k.namespaces().withName(ns).get() == null ? "gone" : null);
            assertNull(k.namespaces().withName(ns).get());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kialiAndThePublicPilotRunBesideIstiodWhenTurnedOn() throws Exception {
        String id = MeshLifecycleTest.create(
                "4243", MeshLifecycleTest.meshParams("KialiEnabled", true, "PilotPublicEip", true));
        String ns = "asm-" + id;
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(host.kubeconfig()))
                .build()) {
            var kiali = await(() ->
                    k.apps().deployments().inNamespace(ns).withName("kiali").get());
            var container =
                    kiali.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("quay.io/kiali/kiali:v1.89.0", container.getImage());
            assertTrue(
                    container.getVolumeMounts().stream()
                            .anyMatch(m -> m.getMountPath().equals("/kiali-remote-cluster-secrets/" + id)),
                    "Kiali reads the mesh API server");
            assertEquals(
                    "ClusterIP",
                    k.services()
                            .inNamespace(ns)
                            .withName("kiali")
                            .get()
                            .getSpec()
                            .getType());
            Map<String, Object> config = Serialization.unmarshal(
                    k.configMaps()
                            .inNamespace(ns)
                            .withName("kiali")
                            .get()
                            .getData()
                            .get("config.yaml"),
                    Map.class);
            assertEquals(Map.of("strategy", "token"), config.get("auth"));
            assertEquals("istio-system", config.get("istio_namespace"));
            var pilot = await(
                    () -> k.services().inNamespace(ns).withName("istiod-public").get());
            assertEquals("LoadBalancer", pilot.getSpec().getType());
            assertEquals(Map.of("app", "istiod"), pilot.getSpec().getSelector());
        }
        MeshLifecycleTest.as("4243").delete("/meshes/" + id).then().statusCode(200);
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64));
    }

    static <T> T await(Supplier<T> probe) throws InterruptedException {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(probe::get, Objects::nonNull);
    }
}
