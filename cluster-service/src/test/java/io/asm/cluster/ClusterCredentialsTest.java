package io.asm.cluster;

import static io.asm.cluster.ClusterMembershipTest.as;
import static io.asm.cluster.ClusterMembershipTest.awaitState;
import static io.asm.cluster.ClusterMembershipTest.client;
import static io.asm.cluster.ClusterMembershipTest.join;
import static io.asm.cluster.ClusterMembershipTest.refused;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.kube.Kubeconfig;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The delegate credentials other services get for a member cluster: what is written there, and who is refused. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInMeshService.class)
class ClusterCredentialsTest {

    @Test
    void theMeshOwnerGetsAShortLivedDelegateKubeconfigForARunningMember() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-delegate", false);
        join("300", "m-30", "c-delegate", dp.kubeconfig());

        Response r = as("300").body(Map.of("ServiceMeshId", "m-30")).post("/clusters/c-delegate/credentials");
        r.then().statusCode(200).body("ClusterId", equalTo("c-delegate"));
        Kubeconfig issued = Kubeconfig.parse(r.path("Kubeconfig"));
        assertEquals(dp.apiServerUrl().replaceAll("/$", ""), issued.serverUrl());
        assertTrue(issued.token().startsWith("sim."), issued.token());
        OffsetDateTime expires = OffsetDateTime.parse(r.path("ExpirationTime"));
        assertTrue(
                expires.isAfter(OffsetDateTime.now().plusMinutes(9))
                        && expires.isBefore(OffsetDateTime.now().plusMinutes(11)),
                "10 minutes: " + expires);

        try (KubernetesClient k = client(dp)) {
            assertEquals(
                    "asm-delegate",
                    k.serviceAccounts()
                            .inNamespace("istio-system")
                            .withName("asm-delegate")
                            .get()
                            .getMetadata()
                            .getName());
            List<PolicyRule> rules =
                    k.rbac().clusterRoles().withName("asm-delegate").get().getRules();
            assertEquals(2, rules.size(), rules.toString());
            assertEquals(List.of("services"), rules.get(0).getResources());
            assertEquals(
                    List.of("get", "list", "watch", "create", "update", "patch", "delete"),
                    rules.get(0).getVerbs());
            assertEquals(List.of("namespaces"), rules.get(1).getResources());
            assertEquals(List.of("get", "list"), rules.get(1).getVerbs());
            var binding =
                    k.rbac().clusterRoleBindings().withName("asm-delegate").get();
            assertEquals("asm-delegate", binding.getRoleRef().getName());
            assertEquals("istio-system", binding.getSubjects().get(0).getNamespace());
        }

        // Another account, another mesh, an unknown cluster: all the same Cluster.NotFound.
        for (var refused : List.of(Map.entry("400", "m-30"), Map.entry("300", "m-31"))) {
            refused(
                            as(refused.getKey())
                                    .body(Map.of("ServiceMeshId", refused.getValue()))
                                    .post("/clusters/c-delegate/credentials"),
                            404,
                            "Cluster.NotFound")
                    .body(
                            "Message",
                            equalTo("The cluster c-delegate is not in the running members of the service mesh "
                                    + refused.getValue() + "."));
        }
        refused(
                as("300").body(Map.of("ServiceMeshId", "m-30")).post("/clusters/c-nope/credentials"),
                404,
                "Cluster.NotFound");
        refused(as("300").body(Map.of()).post("/clusters/c-delegate/credentials"), 400, "MissingParameter");

        // Leaving the mesh: no more credentials, and the delegate and the VM app Services go with the membership.
        try (KubernetesClient k = client(dp)) {
            k.services()
                    .inNamespace("hello")
                    .resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                            .withNewMetadata()
                            .withName("vm-svc")
                            .withNamespace("hello")
                            .addToLabels("asm.alibabacloud.com/vm-app", "vm-svc")
                            .endMetadata()
                            .build())
                    .create();
        }
        as("300").delete("/meshes/m-30/clusters/c-delegate").then().statusCode(200);
        awaitState("300", "m-30", "c-delegate", null);
        refused(
                as("300").body(Map.of("ServiceMeshId", "m-30")).post("/clusters/c-delegate/credentials"),
                404,
                "Cluster.NotFound");
        try (KubernetesClient k = client(dp)) {
            assertNull(k.services().inNamespace("hello").withName("vm-svc").get());
            assertNull(k.rbac().clusterRoles().withName("asm-delegate").get());
        }
    }
}
