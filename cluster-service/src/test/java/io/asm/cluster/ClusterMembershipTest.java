package io.asm.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.cluster.domain.Cluster;
import io.asm.devkit.InternalCaller;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Membership against simulated data-plane clusters and a stand-in mesh-service: what joining and leaving write
 * where (DOMAIN.md §3.9, §3.10), the states a caller sees, and the events mesh-service is told.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInMeshService.class)
class ClusterMembershipTest {

    static RequestSpecification as(String account) {
        return InternalCaller.as(account);
    }

    static Response awaitState(String account, String mesh, String cluster, String state) throws InterruptedException {
        List<String> expected = state == null ? List.of() : List.of(state);
        return await("cluster " + cluster + " to be " + state)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> as(account).get("/meshes/" + mesh + "/clusters"),
                        r -> expected.equals(r.path("Clusters.findAll { it.ClusterId == '" + cluster + "' }.State")));
    }

    /** Adds {@code cluster} to {@code mesh}, registering it with {@code kubeconfig} unless null, and awaits running. */
    static void join(String account, String mesh, String cluster, String kubeconfig) throws InterruptedException {
        as(account)
                .body(
                        kubeconfig == null
                                ? Map.of("ClusterId", cluster)
                                : Map.of("ClusterId", cluster, "Kubeconfig", kubeconfig))
                .post("/meshes/" + mesh + "/clusters")
                .then()
                .statusCode(200);
        awaitState(account, mesh, cluster, "running");
    }

    /** The answer is the error {@code code} with HTTP {@code status}; more of it may be asserted on what is returned. */
    static ValidatableResponse refused(Response answer, int status, String code) {
        return answer.then().statusCode(status).body("Code", equalTo(code));
    }

    static KubernetesClient client(SimulatedCluster cluster) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.kubeconfig()))
                .build();
    }

    @Test
    void aClusterJoinsAndLeavesAMesh() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-1", false);
        refused(
                        as("100")
                                .body(Map.of("ClusterId", "c-dp-1", "Kubeconfig", dp.kubeconfig()))
                                .post("/meshes/m-1/clusters"),
                        200,
                        "200")
                .body("Message", equalTo("success"));
        Response in = awaitState("100", "m-1", "c-dp-1", "running");
        assertTrue(in.<String>path("Clusters[0].Version").startsWith("v"), in.asString());
        assertEquals("m-1", in.path("Clusters[0].ServiceMeshId"));

        try (KubernetesClient k = client(dp)) {
            assertEquals(
                    "m-1",
                    k.namespaces()
                            .withName("istio-system")
                            .get()
                            .getMetadata()
                            .getAnnotations()
                            .get("topology.istio.io/controlPlaneClusters"));
            var webhook = k.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName("istio-sidecar-injector")
                    .get();
            // Upstream's four default-revision webhooks, all at the mesh's istiod, failing closed.
            assertEquals(
                    List.of(
                            "rev.namespace.sidecar-injector.istio.io",
                            "rev.object.sidecar-injector.istio.io",
                            "namespace.sidecar-injector.istio.io",
                            "object.sidecar-injector.istio.io"),
                    webhook.getWebhooks().stream().map(w -> w.getName()).toList());
            for (var w : webhook.getWebhooks()) {
                assertEquals(
                        "https://192.0.2.200:15017/inject/:ENV:cluster=c-dp-1",
                        w.getClientConfig().getUrl());
                assertEquals("Fail", w.getFailurePolicy());
            }
            var byRevision = webhook.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions();
            assertEquals("istio.io/rev", byRevision.get(0).getKey());
            assertEquals(List.of("default"), byRevision.get(0).getValues());
            assertEquals("istio-injection", byRevision.get(1).getKey());
            assertEquals("DoesNotExist", byRevision.get(1).getOperator());
            var role = k.rbac()
                    .clusterRoles()
                    .withName("istio-reader-clusterrole-istio-system")
                    .get();
            assertTrue(role.getRules().stream()
                    .anyMatch(r -> r.getApiGroups().contains("networking.istio.io")
                            && r.getVerbs().contains("watch")));
            assertNotNull(k.rbac()
                    .clusterRoleBindings()
                    .withName("istio-reader-clusterrole-istio-system")
                    .get());
        }
        // The remote secret reads the cluster at its own address with the reader's token.
        String remote = StandInMeshService.REMOTE_SECRETS.get("m-1/c-dp-1");
        assertTrue(remote.contains(dp.apiServerUrl().replaceAll("/$", "")) && remote.contains("token: sim."), remote);
        assertEquals(List.of("ClusterAttached"), events("c-dp-1"));

        // Registered clusters, with the mesh each is in; another account sees none of them and cannot take the id.
        as("100")
                .get("/clusters")
                .then()
                .body("Clusters.ClusterId", equalTo(List.of("c-dp-1")))
                .body("Clusters[0].ServiceMeshId", equalTo("m-1"));
        as("200").get("/clusters").then().body("Clusters", equalTo(List.of()));
        refused(
                as("200")
                        .body(Map.of("ClusterId", "c-dp-1", "Kubeconfig", dp.kubeconfig()))
                        .post("/meshes/m-2/clusters"),
                400,
                "InvalidParameter");
        // One registration per API server, whatever the id.
        refused(
                        as("100")
                                .body(Map.of("ClusterId", "c-dp-1-again", "Kubeconfig", dp.kubeconfig()))
                                .post("/meshes/m-2/clusters"),
                        400,
                        "InvalidParameter")
                .body("Message", Matchers.containsString("registered already"));
        // In one mesh at a time.
        refused(
                as("100").body(Map.of("ClusterId", "c-dp-1")).post("/meshes/m-2/clusters"),
                400,
                "ErrorPermitted.ClusterInAnotherMesh");

        as("100").delete("/meshes/m-1/clusters/c-dp-1").then().statusCode(200).body("Code", equalTo("200"));
        awaitState("100", "m-1", "c-dp-1", null);
        try (KubernetesClient k = client(dp)) {
            assertNull(k.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName("istio-sidecar-injector")
                    .get());
            assertNull(k.rbac()
                    .clusterRoles()
                    .withName("istio-reader-clusterrole-istio-system")
                    .get());
            assertNull(k.namespaces().withName("istio-system").get(), "joining created it: leaving deletes it");
        }
        assertNull(StandInMeshService.REMOTE_SECRETS.get("m-1/c-dp-1"));
        assertEquals(List.of("ClusterAttached", "ClusterDetached"), events("c-dp-1"));
        // Still registered: it can join again without its kubeconfig.
        as("100")
                .body(Map.of("ClusterId", "c-dp-1", "DiscoveryOnly", true))
                .post("/meshes/m-2/clusters")
                .then()
                .statusCode(200);
        awaitState("100", "m-2", "c-dp-1", "running");
        try (KubernetesClient k = client(dp)) {
            assertNull(
                    k.admissionRegistration()
                            .v1()
                            .mutatingWebhookConfigurations()
                            .withName("istio-sidecar-injector")
                            .get(),
                    "DiscoveryOnly: no injection");
        }
        // ReserveNamespace=true keeps the namespace joining made; it is the user's from then on.
        as("100")
                .queryParam("ReserveNamespace", true)
                .delete("/meshes/m-2/clusters/c-dp-1")
                .then()
                .statusCode(200);
        awaitState("100", "m-2", "c-dp-1", null);
        try (KubernetesClient k = client(dp)) {
            Map<String, String> annotations =
                    k.namespaces().withName("istio-system").get().getMetadata().getAnnotations();
            assertNull(annotations.get("topology.istio.io/controlPlaneClusters"), "" + annotations);
        }
    }

    @Test
    void aClusterWithItsOwnIstioIsRefusedUnlessTheCheckIsIgnored() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-istio", false);
        try (KubernetesClient k = client(dp)) {
            k.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("istio-system")
                            .endMetadata()
                            .build())
                    .create();
            k.apps()
                    .deployments()
                    .inNamespace("istio-system")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("istiod")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(1)
                            .endSpec()
                            .build())
                    .create();
        }
        as("300")
                .body(Map.of("ClusterId", "c-istio", "Kubeconfig", dp.kubeconfig()))
                .post("/meshes/m-3/clusters")
                .then()
                .statusCode(200);
        Response failed = awaitState("300", "m-3", "c-istio", "failed");
        assertTrue(failed.<String>path("Clusters[0].ErrorMessage").contains("IgnoreNamespaceCheck"), failed.asString());
        assertEquals(List.of(), events("c-istio"));

        as("300")
                .body(Map.of("ClusterId", "c-istio", "IgnoreNamespaceCheck", true))
                .post("/meshes/m-3/clusters")
                .then()
                .statusCode(200);
        awaitState("300", "m-3", "c-istio", "running");
        // The user's own istio-system stays when the cluster leaves, without the mesh's annotation.
        as("300").delete("/meshes/m-3/clusters/c-istio").then().statusCode(200);
        awaitState("300", "m-3", "c-istio", null);
        try (KubernetesClient k = client(dp)) {
            var system = k.namespaces().withName("istio-system").get();
            assertNotNull(system, "not made by joining: it stays");
            assertNull(system.getMetadata().getAnnotations().get("topology.istio.io/controlPlaneClusters"));
        }
    }

    @Test
    void joiningWaitsForAnIstioSystemThatIsStillTerminating() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-terminating", false);
        try (KubernetesClient k = client(dp)) {
            // A namespace being deleted, held by a finalizer (a cluster that has just left a mesh, on a real server).
            k.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("istio-system")
                            .withFinalizers("example.com/slow")
                            .endMetadata()
                            .build())
                    .create();
            k.namespaces().withName("istio-system").delete();
            assertNotNull(
                    k.namespaces().withName("istio-system").get().getMetadata().getDeletionTimestamp(),
                    "the simulator keeps a finalized object, terminating");
        }
        as("350")
                .body(Map.of("ClusterId", "c-terminating", "Kubeconfig", dp.kubeconfig()))
                .post("/meshes/m-35/clusters")
                .then()
                .statusCode(200);
        Thread.sleep(2000); // several reconcile rounds
        awaitState("350", "m-35", "c-terminating", "connecting");
        try (KubernetesClient k = client(dp)) {
            assertNull(
                    k.admissionRegistration()
                            .v1()
                            .mutatingWebhookConfigurations()
                            .withName("istio-sidecar-injector")
                            .get(),
                    "nothing applied into a terminating namespace");
            k.namespaces()
                    .withName("istio-system")
                    .edit(
                            ns -> { // the finalizer lets go: it is gone
                                ns.getMetadata().setFinalizers(List.of());
                                return ns;
                            });
            if (k.namespaces().withName("istio-system").get() != null) {
                k.namespaces().withName("istio-system").delete();
            }
        }
        awaitState("350", "m-35", "c-terminating", "running");
    }

    @Test
    void badRequestsAreRefusedWithTheirCodes() {
        refused(
                as("400")
                        .body(Map.of("ClusterId", "c-x", "Kubeconfig", "kubeconfig: no"))
                        .post("/meshes/m-4/clusters"),
                400,
                "InvalidParameter");
        refused(as("400").body(Map.of("ClusterId", "c-unknown")).post("/meshes/m-4/clusters"), 404, "Cluster.NotFound");
        refused(as("400").body(Map.of("ClusterId", "c-x")).post("/meshes/nope/clusters"), 404, "ServiceMesh.NotFound");
        refused(
                as("400").body(Map.of("ClusterId", "c-x")).post("/meshes/m-init/clusters"),
                409,
                "IncorrectStatus.ServiceMesh");
        refused(as("400").delete("/meshes/m-4/clusters/c-unknown"), 404, "Cluster.NotFound");
        refused(as("400").get("/meshes/nope/clusters"), 404, "ServiceMesh.NotFound");
    }

    @Test
    void aDeletedMeshLetsItsClustersGo() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-5", false);
        join("500", "m-5", "c-dp-5", dp.kubeconfig());
        InternalCaller.deliver("/mesh-service", "MeshDeleted", Map.of("ServiceMeshId", "m-5", "AccountId", "500"));
        awaitState("500", "m-5", "c-dp-5", null);
        as("500").get("/clusters").then().body("Clusters[0].ServiceMeshId", equalTo(""));
    }

    @Test
    void aClusterWaitingForItsMeshGoesOnWhenTheMeshRunsAgain() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-9", false);
        join("900", "m-9", "c-dp-9", dp.kubeconfig());
        // As if it had been waiting an hour for the mesh to run again (an update): its next paced look is far off.
        QuarkusTransaction.requiringNew()
                .run(() -> Cluster.update(
                        "state = ?1, waitingSince = ?2, nextAttemptAt = ?3 where id = ?4",
                        Cluster.CONNECTING,
                        OffsetDateTime.now().minusHours(1),
                        OffsetDateTime.now().plusHours(1),
                        "c-dp-9"));
        awaitState("900", "m-9", "c-dp-9", "connecting");
        InternalCaller.deliver(
                "/mesh-service",
                "MeshUpdated",
                Map.of("ServiceMeshId", "m-9", "AccountId", "900", "Version", "v1.31.0.1-g3d5f93b8-aliyun"));
        awaitState("900", "m-9", "c-dp-9", "running");
    }

    @Test
    void describeCensListsTheMeshClustersItsControlPlaneCannotReach() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-6", false);
        join("600", "m-6", "c-dp-6", dp.kubeconfig());
        as("600")
                .queryParam("ServiceMeshId", "m-6")
                .get("/cens")
                .then()
                .statusCode(200)
                .body("Clusters", equalTo(List.of()));

        SimulatorResource.simulator().delete(dp.id()); // its API server is gone
        List<String> cens = await().atMost(Duration.ofSeconds(15))
                .pollDelay(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> as("600")
                                .queryParam("ServiceMeshId", "m-6")
                                .get("/cens")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("Clusters"),
                        found -> !found.isEmpty());
        assertEquals(List.of("c-dp-6"), cens);
        as("600").get("/cens").then().statusCode(200).body("Clusters", equalTo(List.of("c-dp-6"))); // all its meshes
        as("601").get("/cens").then().statusCode(200).body("Clusters", equalTo(List.of()));
        refused(as("600").queryParam("ServiceMeshId", "nope").get("/cens"), 404, "ServiceMesh.NotFound");
    }

    @Test
    void registeredClustersArePagedAndSayWhetherTheyCanBeAdded() throws Exception {
        for (String name : List.of("a", "b")) {
            SimulatedCluster dp = SimulatorResource.simulator().create("dp-7" + name, false);
            as("700")
                    .body(Map.of("ClusterId", "c-7" + name, "Kubeconfig", dp.kubeconfig()))
                    .post("/meshes/m-7" + name + "/clusters")
                    .then()
                    .statusCode(200);
            awaitState("700", "m-7" + name, "c-7" + name, "running");
        }
        as("700")
                .queryParam("ServiceMeshId", "m-7a")
                .get("/clusters")
                .then()
                .statusCode(200)
                .body("NumberOfClusters", equalTo(2))
                .body("Clusters.ClusterId", equalTo(List.of("c-7a", "c-7b")))
                .body("Clusters.ForbiddenFlag", equalTo(List.of(1, 1)))
                .body("Clusters[1].ForbiddenInfo", equalTo("It is in the service mesh m-7b."));
        as("700")
                .queryParam("Offset", 1)
                .queryParam("Limit", 1)
                .get("/clusters")
                .then()
                .statusCode(200)
                .body("NumberOfClusters", equalTo(2))
                .body("Clusters.ClusterId", equalTo(List.of("c-7b")));
        as("700").delete("/meshes/m-7b/clusters/c-7b").then().statusCode(200);
        awaitState("700", "m-7b", "c-7b", null);
        as("700")
                .queryParam("ServiceMeshId", "m-7a")
                .queryParam("Offset", 1)
                .get("/clusters")
                .then()
                .body("Clusters[0].ForbiddenFlag", equalTo(0))
                .body("Clusters[0].ServiceMeshId", equalTo(""));
        refused(as("700").queryParam("Limit", 0).get("/clusters"), 400, "InvalidParameter");
        refused(as("700").queryParam("ServiceMeshId", "nope").get("/clusters"), 404, "ServiceMesh.NotFound");
    }

    private static List<String> events(String clusterId) throws Exception {
        List<String> types = new ArrayList<>();
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement(
                        "SELECT type FROM cluster.outbox_event WHERE aggregate_id = ? ORDER BY created_at")) {
            ps.setString(1, clusterId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        }
        return types;
    }
}
