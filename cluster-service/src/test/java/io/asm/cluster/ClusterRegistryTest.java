package io.asm.cluster;

import static io.asm.cluster.ClusterMembershipTest.as;
import static io.asm.cluster.ClusterMembershipTest.awaitState;
import static io.asm.cluster.ClusterMembershipTest.join;
import static io.asm.cluster.ClusterMembershipTest.refused;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.asm.cluster.domain.Cluster;
import io.asm.common.kube.KubeClients;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RegisterCluster/DeregisterCluster (extension actions): a registered cluster is listed with its profile and joins a
 * mesh by its id alone; deregistering forgets it, but not while it is in a mesh.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInMeshService.class)
class ClusterRegistryTest {

    @Inject
    KubeClients kubeClients;

    @Test
    void aRegisteredClusterIsListedWithItsProfileAndJoinsByItsIdAlone() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-reg-1", false);
        as("reg-700")
                .body(Map.of(
                        "ClusterId",
                        "c-reg-1",
                        "Name",
                        "east",
                        "VpcId",
                        "vpc-local-a",
                        "ClusterDomain",
                        "corp.example",
                        "Kubeconfig",
                        dp.kubeconfig()))
                .post("/clusters")
                .then()
                .statusCode(200)
                .body("Cluster.ClusterId", equalTo("c-reg-1"))
                .body("Cluster.Name", equalTo("east"))
                .body("Cluster.VpcId", equalTo("vpc-local-a"))
                .body("Cluster.ClusterDomain", equalTo("corp.example"))
                .body("Cluster.RegionId", equalTo("cn-hangzhou"))
                .body("Cluster.ClusterType", equalTo("ExternalKubernetes"))
                .body("Cluster.ServiceMeshId", equalTo(""));
        // Registering again renews it: still one cluster, with the new profile.
        as("reg-700")
                .body(Map.of(
                        "ClusterId",
                        "c-reg-1",
                        "Name",
                        "east-2",
                        "VpcId",
                        "vpc-local-b",
                        "Kubeconfig",
                        dp.kubeconfig()))
                .post("/clusters")
                .then()
                .statusCode(200);
        as("reg-700")
                .get("/clusters")
                .then()
                .body("NumberOfClusters", equalTo(1))
                .body("Clusters.ClusterId", equalTo(List.of("c-reg-1")))
                .body("Clusters[0].Name", equalTo("east-2"))
                .body("Clusters[0].VpcId", equalTo("vpc-local-b"))
                .body("Clusters[0].ClusterDomain", equalTo("cluster.local"))
                .body("Clusters[0].State", equalTo("running"))
                .body("Clusters[0].ForbiddenFlag", equalTo(0));
        // Another account can neither take the id nor see the cluster.
        refused(
                        as("reg-701")
                                .body(Map.of("ClusterId", "c-reg-1", "Kubeconfig", dp.kubeconfig()))
                                .post("/clusters"),
                        400,
                        "InvalidParameter")
                .body("Message", containsString("registered already"));
        // Nor register the same cluster under another id by spelling its server otherwise: one cluster, one owner.
        String respelled =
                dp.kubeconfig().replace(dp.apiServerUrl(), dp.apiServerUrl().replace("http://", "HTTP://") + "/.");
        assertNotEquals(dp.kubeconfig(), respelled);
        refused(
                        as("reg-701")
                                .body(Map.of("ClusterId", "c-reg-2", "Kubeconfig", respelled))
                                .post("/clusters"),
                        400,
                        "InvalidParameter")
                .body("Message", containsString("registered already under another ClusterId"));
        as("reg-701").get("/clusters").then().body("Clusters", equalTo(List.of()));

        join("reg-700", "m-reg", "c-reg-1", null);
        refused(as("reg-700").delete("/clusters/c-reg-1"), 400, "ErrorPermitted.ClusterInServiceMesh")
                .body("Message", containsString("c-reg-1 is in the service mesh m-reg"));

        as("reg-700").delete("/meshes/m-reg/clusters/c-reg-1").then().statusCode(200);
        awaitState("reg-700", "m-reg", "c-reg-1", null);
        KubernetesClient cached = kubeClients.forKubeconfig(dp.kubeconfig());
        assertSame(cached, kubeClients.forKubeconfig(dp.kubeconfig()));
        refused(as("reg-701").delete("/clusters/c-reg-1"), 404, "Cluster.NotFound");
        as("reg-700").delete("/clusters/c-reg-1").then().statusCode(200).body("Code", equalTo("200"));
        assertNotSame(cached, kubeClients.forKubeconfig(dp.kubeconfig()), "the credentials' client was evicted");
        as("reg-700")
                .get("/clusters")
                .then()
                .body("Clusters", equalTo(List.of()))
                .body("NumberOfClusters", equalTo(0));
        refused(
                as("reg-700").body(Map.of("ClusterId", "c-reg-1")).post("/meshes/m-reg/clusters"),
                404,
                "Cluster.NotFound");
        // Its API server is free again, under any id.
        as("reg-700")
                .body(Map.of("ClusterId", "c-reg-1b", "Kubeconfig", dp.kubeconfig()))
                .post("/clusters")
                .then()
                .statusCode(200)
                .body("Cluster.Name", equalTo("c-reg-1b"));
    }

    @Test
    void aRegistrationStoredBeforeIdentitiesGetsItsClusterUidFromTheProbe() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-reg-3", false);
        as("reg-703")
                .body(Map.of("ClusterId", "c-reg-3", "Kubeconfig", dp.kubeconfig()))
                .post("/clusters")
                .then()
                .statusCode(200);
        String uid;
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(dp.kubeconfig()))
                .build()) {
            uid = k.namespaces().withName("kube-system").get().getMetadata().getUid();
        }
        assertEquals(uid, systemUid("c-reg-3"), "registration stores the cluster's kube-system UID");
        // As stored before V6: the URL only.
        QuarkusTransaction.requiringNew()
                .run(() -> Cluster.update("systemUid = null, probedAt = null where id = ?1", "c-reg-3"));
        await().atMost(Duration.ofSeconds(20)).until(() -> uid.equals(systemUid("c-reg-3")));
    }

    private static String systemUid(String clusterId) {
        return QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>findById(clusterId).systemUid);
    }

    @Test
    void aProfileOutsideTheFormatsStoresNothing() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-reg-2", false);
        refused(
                        as("reg-702")
                                .body(Map.of(
                                        "ClusterId",
                                        "c-reg-2",
                                        "ClusterDomain",
                                        "Corp_Example",
                                        "Kubeconfig",
                                        dp.kubeconfig()))
                                .post("/clusters"),
                        400,
                        "InvalidParameter")
                .body("Message", containsString("\"ClusterDomain\""));
        as("reg-702")
                .body(Map.of("ClusterId", "c-reg-2", "VpcId", "vpc/../a", "Kubeconfig", dp.kubeconfig()))
                .post("/clusters")
                .then()
                .statusCode(400)
                .body("Message", containsString("\"VpcId\""));
        refused(as("reg-702").body(Map.of("ClusterId", "c-reg-2")).post("/clusters"), 400, "MissingParameter")
                .body("Message", containsString("Kubeconfig"));
        as("reg-702").get("/clusters").then().body("Clusters", equalTo(List.of()));
        refused(as("reg-702").delete("/clusters/c-none"), 404, "Cluster.NotFound");
    }
}
