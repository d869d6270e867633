package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.apiServerOf;
import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.runningMeshWithRemoteSecret;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.kube.Kubeconfig;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * vm-service's delegate kubeconfig for a mesh API server: ten minutes, and only ServiceEntries, WorkloadEntries,
 * namespaces and VM ServiceAccount tokens — judged from the RBAC objects, since the simulated server enforces none.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class VmCredentialsTest {

    static final String DELEGATE = "asm-vm-delegate";

    @Test
    void theOwnersMeshGivesAShortLivedNarrowKubeconfig() throws Exception {
        String id = runningMeshWithRemoteSecret("9191", "c-vm-1");
        Response r = as("9191").post("/meshes/" + id + "/vm-credentials");
        r.then().statusCode(200).body("ServiceMeshId", equalTo(id));
        Kubeconfig issued = Kubeconfig.parse(r.path("Kubeconfig"));
        assertEquals(apiServerOf(id).apiServerUrl().replaceAll("/$", ""), issued.serverUrl());
        assertTrue(issued.token().startsWith("sim."), issued.token());
        OffsetDateTime expires = OffsetDateTime.parse(r.path("ExpirationTime"));
        assertTrue(
                expires.isAfter(OffsetDateTime.now().plusMinutes(9))
                        && expires.isBefore(OffsetDateTime.now().plusMinutes(11)),
                expires.toString());

        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(apiServerOf(id).kubeconfig()))
                .build()) {
            RbacEvaluator rbac = new RbacEvaluator(admin);
            for (String resource : new String[] {"serviceentries", "workloadentries"}) {
                assertTrue(
                        rbac.allows("istio-system", DELEGATE, "create", "networking.istio.io", resource, "hello", "x"));
                assertTrue(
                        rbac.allows("istio-system", DELEGATE, "delete", "networking.istio.io", resource, "hello", "x"));
            }
            assertTrue(rbac.allows("istio-system", DELEGATE, "create", "", "namespaces", null, "hello"));
            assertTrue(
                    rbac.allows("istio-system", DELEGATE, "create", "", "serviceaccounts/token", "hello", "http-sa"));
            assertFalse(rbac.allows("istio-system", DELEGATE, "delete", "", "namespaces", null, "hello"));
            assertFalse(rbac.allows(
                    "istio-system", DELEGATE, "create", "networking.istio.io", "virtualservices", "hello", "x"));
            assertFalse(rbac.allows("istio-system", DELEGATE, "get", "", "secrets", "istio-system", "cacerts"));
        }

        as("9292")
                .post("/meshes/" + id + "/vm-credentials")
                .then()
                .statusCode(404)
                .body("Code", equalTo("ServiceMesh.NotFound"));
    }
}
