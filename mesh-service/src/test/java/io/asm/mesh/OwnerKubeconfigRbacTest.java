package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.apiServerOf;
import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.runningMeshWithRemoteSecret;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The kubeconfig a mesh owner receives reads what the control plane wrote but not its Secrets: the mesh CA key
 * ({@code cacerts}) and the member clusters' tokens ({@code istio-remote-secret-*}). Judged from the RBAC objects on
 * the mesh API server, since the simulated one enforces no RBAC.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class OwnerKubeconfigRbacTest {

    static final String OWNER = "asm-mesh-owner";

    @Test
    void theOwnerReadsIstioSystemButNoSecret() throws Exception {
        String id = runningMeshWithRemoteSecret("7878", "c-dp-1");
        as("7878")
                .queryParam("PrivateIpAddress", true)
                .get("/meshes/" + id + "/kubeconfig")
                .then()
                .statusCode(200);

        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(apiServerOf(id).kubeconfig()))
                .build()) {
            RbacEvaluator rbac = new RbacEvaluator(admin);
            // What the owner is for: Istio resources anywhere, the control plane's workloads and config, CRDs.
            assertTrue(rbac.allows(
                    "istio-system", OWNER, "create", "networking.istio.io", "virtualservices", "hello", "vs"));
            assertTrue(rbac.allows("istio-system", OWNER, "get", "", "configmaps", "istio-system", "istio"));
            assertTrue(rbac.allows("istio-system", OWNER, "list", "apps", "deployments", "istio-system", null));
            assertTrue(rbac.allows(
                    "istio-system",
                    OWNER,
                    "get",
                    "apiextensions.k8s.io",
                    "customresourcedefinitions",
                    null,
                    "virtualservices.networking.istio.io"));

            // Both secrets exist on the server, and the owner may not read them, nor list or watch Secrets anywhere.
            assertTrue(admin.secrets()
                            .inNamespace("istio-system")
                            .withName("cacerts")
                            .get()
                    != null);
            assertTrue(admin.secrets()
                            .inNamespace("istio-system")
                            .withName("istio-remote-secret-c-dp-1")
                            .get()
                    != null);
            for (String verb : new String[] {"get", "list", "watch"}) {
                assertFalse(rbac.allows("istio-system", OWNER, verb, "", "secrets", "istio-system", "cacerts"), verb);
                assertFalse(
                        rbac.allows(
                                "istio-system",
                                OWNER,
                                verb,
                                "",
                                "secrets",
                                "istio-system",
                                "istio-remote-secret-c-dp-1"),
                        verb);
                assertFalse(rbac.allows("istio-system", OWNER, verb, "", "secrets", "default", "any"), verb);
            }
        }
    }
}
