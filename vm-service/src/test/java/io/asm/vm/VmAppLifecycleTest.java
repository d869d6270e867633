package io.asm.vm;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.http.FormatType;
import com.aliyuncs.reader.ReaderFactory;
import com.aliyuncs.servicemesh.model.v20200111.AddVmAppToMeshResponse;
import com.aliyuncs.transform.UnmarshallerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.AsmHeaders;
import io.asm.devkit.InternalCaller;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.asm.vm.domain.VmApp;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * VM applications against a real PostgreSQL, simulated mesh API servers and member clusters, and stand-ins for
 * mesh-service and cluster-service: the exact objects written where, their schema validity, idempotence, Force, a
 * late-joining cluster, removal and mesh deletion.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInControlPlane.class)
class VmAppLifecycleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceDefinitionContext SE = context("ServiceEntry", "serviceentries");
    static final ResourceDefinitionContext WE = context("WorkloadEntry", "workloadentries");

    static RequestSpecification as(String account) {
        return given().header(AsmHeaders.INTERNAL_TOKEN, "test-internal-token-0123456789")
                .header(AsmHeaders.ACCOUNT_ID, account)
                .header(AsmHeaders.REGION_ID, "cn-hangzhou")
                .contentType("application/json");
    }

    static Map<String, Object> app(String svc, String ips) {
        return Map.of(
                "Namespace",
                "hello",
                "ServiceName",
                svc,
                "Ips",
                ips,
                "Ports",
                "http:8000,http:8001",
                "Labels",
                "app=http-workload",
                "Annotations",
                "env=staging,group=0001",
                "ServiceAccount",
                "http-sa");
    }

    /** A member cluster with namespace hello, listed as a member of {@code mesh}. */
    static SimulatedCluster member(String mesh, String clusterId) throws Exception {
        SimulatedCluster c = SimulatorResource.simulator().create(clusterId, false);
        try (KubernetesClient k = client(c)) {
            k.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("hello")
                            .endMetadata()
                            .build())
                    .create();
        }
        StandInControlPlane.CLUSTERS.put(clusterId, c);
        StandInControlPlane.MEMBERS
                .computeIfAbsent(mesh, m -> new ArrayList<>())
                .add(clusterId);
        return c;
    }

    static JsonNode info(String mesh) throws Exception {
        return JSON.readTree(as("100")
                .get("/meshes/" + mesh + "/vm-apps")
                .then()
                .statusCode(200)
                .extract()
                .<String>path("Data"));
    }

    static JsonNode awaitState(String mesh, String key, String state) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode apps;
        do {
            apps = info(mesh);
            if (state == null
                    ? !apps.has(key)
                    : state.equals(apps.path(key).path("State").asText())) {
                return apps;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(key + " never reached " + state + ": " + apps);
    }

    @Test
    void anAppIsWrittenEverywhereKeptIdempotentFollowsALateClusterAndIsRemoved() throws Exception {
        SimulatedCluster a = member("m-1", "c-1a");
        SimulatedCluster b = member("m-1", "c-1b");
        Response added =
                as("100").body(app("http-service", "192.168.0.2,192.168.0.3")).post("/meshes/m-1/vm-apps");
        added.then().statusCode(200);
        // Data is a string holding JSON text, and the official SDK's model reads it as such.
        String data = added.path("Data");
        assertEquals(data, sdkData(added.asString()));
        JsonNode objects = JSON.readTree(data);
        assertEquals(
                List.of(
                        "mesh-expansion-http-service",
                        "http-service",
                        "mesh-expansion-http-service-1",
                        "mesh-expansion-http-service-2"),
                fieldNames(objects));
        assertEquals(
                "ServiceEntry",
                objects.path("mesh-expansion-http-service").path("kind").asText());
        awaitState("m-1", "hello/http-service", "running");

        try (KubernetesClient mesh = client(StandInControlPlane.meshServer("m-1"))) {
            GenericKubernetesResource se = mesh.genericKubernetesResources(SE)
                    .inNamespace("hello")
                    .withName("mesh-expansion-http-service")
                    .get();
            JsonNode seJson = JSON.valueToTree(se);
            assertEquals(
                    "[\"http-service.hello.svc.cluster.local\"]",
                    seJson.path("spec").path("hosts").toString());
            assertEquals(
                    "{\"app\":\"http-workload\"}",
                    seJson.path("spec").path("workloadSelector").path("labels").toString());
            assertEquals(
                    "[{\"number\":8000,\"protocol\":\"HTTP\",\"name\":\"http-8000\"},{\"number\":8001,\"protocol\":\"HTTP\","
                            + "\"name\":\"http-8001\"}]",
                    seJson.path("spec").path("ports").toString());
            assertEquals(Set.of(), IstioSchemas.problems(seJson));
            List<GenericKubernetesResource> wes = workloadEntries(mesh);
            assertEquals(
                    List.of("192.168.0.2", "192.168.0.3"),
                    wes.stream().map(w -> spec(w).path("address").asText()).toList());
            assertEquals("http-sa", spec(wes.get(0)).path("serviceAccount").asText());
            wes.forEach(w -> assertEquals(Set.of(), IstioSchemas.problems(JSON.valueToTree(w))));
            assertNotNull(mesh.namespaces().withName("hello").get(), "the namespace is made on the mesh API server");
        }
        for (SimulatedCluster c : List.of(a, b)) {
            assertService(c);
        }

        // Adding again is harmless; adding with fewer IPs removes the WorkloadEntry of the IP no longer listed.
        as("100")
                .body(app("http-service", "192.168.0.2,192.168.0.3"))
                .post("/meshes/m-1/vm-apps")
                .then()
                .statusCode(200);
        as("100")
                .body(app("http-service", "192.168.0.2"))
                .post("/meshes/m-1/vm-apps")
                .then()
                .statusCode(200);
        JsonNode apps = awaitState("m-1", "hello/http-service", "running");
        assertEquals(List.of("hello/http-service"), fieldNames(apps));
        assertEquals(
                "[\"192.168.0.2\"]", apps.path("hello/http-service").path("Ips").toString());
        try (KubernetesClient mesh = client(StandInControlPlane.meshServer("m-1"))) {
            assertEquals(
                    List.of("mesh-expansion-http-service-1"),
                    workloadEntries(mesh).stream()
                            .map(w -> w.getMetadata().getName())
                            .toList());
        }

        // A cluster that joins later gets the Service when cluster-service says so.
        SimulatedCluster late = member("m-1", "c-1late");
        event("ClusterAttached", Map.of("ServiceMeshId", "m-1", "ClusterId", "c-1late", "AccountId", "100"));
        long deadline = System.currentTimeMillis() + 15_000;
        while (service(late) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertService(late);

        // Removal says what it removes and removes it everywhere, found by label.
        Response removed = as("100").queryParam("Namespace", "hello").delete("/meshes/m-1/vm-apps/http-service");
        removed.then().statusCode(200);
        assertTrue(
                JSON.readTree(removed.<String>path("Data")).has("mesh-expansion-http-service-1"), removed.asString());
        awaitState("m-1", "hello/http-service", null);
        try (KubernetesClient mesh = client(StandInControlPlane.meshServer("m-1"))) {
            assertNull(mesh.genericKubernetesResources(SE)
                    .inNamespace("hello")
                    .withName("mesh-expansion-http-service")
                    .get());
            assertEquals(List.of(), workloadEntries(mesh));
        }
        for (SimulatedCluster c : List.of(a, b, late)) {
            assertNull(service(c), c.name());
        }
        as("100")
                .queryParam("Namespace", "hello")
                .delete("/meshes/m-1/vm-apps/http-service")
                .then()
                .statusCode(404)
                .body("Code", equalTo("VmApp.NotFound"));
    }

    @Test
    void aFailingClusterFailsTheAppUnlessForced() throws Exception {
        SimulatedCluster ok = member("m-2", "c-2ok");
        StandInControlPlane.MEMBERS.get("m-2").add("c-2broken");
        StandInControlPlane.BROKEN.add("c-2broken");
        as("100")
                .body(app("strict", "10.0.0.1"))
                .post("/meshes/m-2/vm-apps")
                .then()
                .statusCode(200);
        JsonNode strict = awaitState("m-2", "hello/strict", "failed");
        assertTrue(strict.path("hello/strict").path("ErrorMessage").asText().contains("c-2broken"), strict.toString());

        Map<String, Object> forced = new java.util.HashMap<>(app("forced", "10.0.0.2"));
        forced.put("Force", true);
        forced.put("Ports", "http:8000,udp:53");
        Response r = as("100").body(forced).post("/meshes/m-2/vm-apps");
        r.then().statusCode(200);
        JsonNode skipped = JSON.readTree(r.<String>path("Data")).path("Skipped");
        assertEquals("udp:53", skipped.get(0).path("value").asText(), skipped.toString());
        JsonNode apps = awaitState("m-2", "hello/forced", "running");
        assertTrue(
                apps.path("hello/forced").path("ErrorMessage").asText().startsWith("Force: skipped cluster c-2broken"),
                apps.toString());
        try (KubernetesClient k = client(ok)) {
            assertEquals(
                    List.of(8000),
                    k.services().inNamespace("hello").withName("forced").get().getSpec().getPorts().stream()
                            .map(p -> p.getPort())
                            .toList());
        }
    }

    @Test
    void meshDeletionRemovesItsApps() throws Exception {
        SimulatedCluster c = member("m-3", "c-3");
        as("100")
                .body(app("gone-soon", "10.0.0.3"))
                .post("/meshes/m-3/vm-apps")
                .then()
                .statusCode(200);
        awaitState("m-3", "hello/gone-soon", "running");
        event("MeshDeleted", Map.of("ServiceMeshId", "m-3", "AccountId", "100"));
        awaitState("m-3", "hello/gone-soon", null);
        try (KubernetesClient mesh = client(StandInControlPlane.meshServer("m-3"))) {
            assertEquals(
                    List.of(),
                    mesh.genericKubernetesResources(WE)
                            .inNamespace("hello")
                            .list()
                            .getItems());
        }
        try (KubernetesClient k = client(c)) {
            assertNull(k.services().inNamespace("hello").withName("gone-soon").get());
        }
    }

    @Test
    void anAppWaitingForItsMeshGoesOnWhenTheMeshRunsAgain() throws Exception {
        member("m-9", "c-9");
        as("100")
                .body(app("patient", "10.0.0.9"))
                .post("/meshes/m-9/vm-apps")
                .then()
                .statusCode(200);
        awaitState("m-9", "hello/patient", "running");
        // As if it had been waiting an hour for the mesh to run again (an update): its next paced look is far off.
        QuarkusTransaction.requiringNew()
                .run(() -> VmApp.update(
                        "state = ?1, waitingSince = ?2, nextAttemptAt = ?3 where meshId = ?4",
                        VmApp.APPLYING,
                        OffsetDateTime.now().minusHours(1),
                        OffsetDateTime.now().plusHours(1),
                        "m-9"));
        awaitState("m-9", "hello/patient", "applying");
        event(
                "MeshUpdated",
                Map.of("ServiceMeshId", "m-9", "AccountId", "100", "Version", "v1.31.0.1-g3d5f93b8-aliyun"));
        awaitState("m-9", "hello/patient", "running");
    }

    @Test
    void badInputAndUnknownMeshesWriteNothing() throws Exception {
        Map<String, Object> bad = new java.util.HashMap<>(app("bad-ips", "10.0.0.1,not-an-ip"));
        as("100")
                .body(bad)
                .post("/meshes/m-4/vm-apps")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"))
                .body(
                        "Message",
                        equalTo(
                                "The specified parameter \"Ips\" is not valid. 'not-an-ip' is not an IPv4 or IPv6 address."));
        bad = new java.util.HashMap<>(app("Bad_Name", "10.0.0.1"));
        as("100")
                .body(bad)
                .post("/meshes/m-4/vm-apps")
                .then()
                .statusCode(400)
                .body(
                        "Message",
                        org.hamcrest.Matchers.startsWith("The specified parameter \"ServiceName\" is not valid."));
        bad = new java.util.HashMap<>(app("bad-ports", "10.0.0.1"));
        bad.put("Ports", "http:99999");
        as("100")
                .body(bad)
                .post("/meshes/m-4/vm-apps")
                .then()
                .statusCode(400)
                .body("Message", org.hamcrest.Matchers.startsWith("The specified parameter \"Ports\" is not valid."));
        assertEquals(List.of(), fieldNames(info("m-4")));

        for (String path : List.of("/meshes/x-unknown/vm-apps", "/meshes/m-4/vm-apps")) {
            String account = path.contains("m-4") ? "200" : "100";
            as(account)
                    .body(app("svc", "10.0.0.1"))
                    .post(path)
                    .then()
                    .statusCode(404)
                    .body("Code", equalTo("ServiceMesh.NotFound"));
            as(account).get(path).then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
            as(account)
                    .queryParam("Namespace", "hello")
                    .delete(path + "/svc")
                    .then()
                    .statusCode(404)
                    .body("Code", equalTo("ServiceMesh.NotFound"));
            as(account)
                    .get(path.replace("vm-apps", "vm-meta"))
                    .then()
                    .statusCode(404)
                    .body("Code", equalTo("ServiceMesh.NotFound"));
        }
        as("100")
                .body(app("svc", "10.0.0.1"))
                .post("/meshes/m-init/vm-apps")
                .then()
                .statusCode(409)
                .body("Code", equalTo("IncorrectStatus.ServiceMesh"));
    }

    @Test
    void theQuotaOfVmAppsHolds() {
        for (int i = 0; i < 5; i++) {
            as(StandInControlPlane.QUOTA_OWNER)
                    .body(app("quota-" + i, "10.0.1." + i))
                    .post("/meshes/m-5/vm-apps")
                    .then()
                    .statusCode(200);
        }
        as(StandInControlPlane.QUOTA_OWNER)
                .body(app("quota-extra", "10.0.1.9"))
                .post("/meshes/m-5/vm-apps")
                .then()
                .statusCode(400)
                .body("Code", equalTo("QuotaExceeded.VmApp"));
        // Adding one that exists again is no new application.
        as(StandInControlPlane.QUOTA_OWNER)
                .body(app("quota-0", "10.0.1.0"))
                .post("/meshes/m-5/vm-apps")
                .then()
                .statusCode(200);
    }

    private static void assertService(SimulatedCluster c) {
        Service s = service(c);
        assertNotNull(s, c.name());
        assertEquals(Map.of("app", "http-workload"), s.getSpec().getSelector());
        assertEquals("http-service", s.getMetadata().getLabels().get("asm.alibabacloud.com/vm-app"));
        assertEquals("http-sa", s.getMetadata().getAnnotations().get("alpha.istio.io/kubernetes-serviceaccounts"));
        assertEquals("staging", s.getMetadata().getAnnotations().get("env"));
        assertEquals(
                List.of("http-8000", "http-8001"),
                s.getSpec().getPorts().stream().map(p -> p.getName()).toList());
    }

    private static Service service(SimulatedCluster c) {
        try (KubernetesClient k = client(c)) {
            return k.services().inNamespace("hello").withName("http-service").get();
        }
    }

    private static List<GenericKubernetesResource> workloadEntries(KubernetesClient mesh) {
        return mesh
                .genericKubernetesResources(WE)
                .inNamespace("hello")
                .withLabel("asm.alibabacloud.com/vm-app", "http-service")
                .list()
                .getItems()
                .stream()
                .sorted(java.util.Comparator.comparing(w -> w.getMetadata().getName()))
                .toList();
    }

    private static JsonNode spec(GenericKubernetesResource r) {
        return JSON.valueToTree(r.getAdditionalProperties().get("spec"));
    }

    static void event(String type, Map<String, Object> data) {
        InternalCaller.deliver("test", type, data);
    }

    /** What the core SDK's AddVmAppToMeshResponse reads as Data from this body. */
    static String sdkData(String body) throws Exception {
        UnmarshallerContext context = new UnmarshallerContext();
        context.setResponseMap(ReaderFactory.createInstance(FormatType.JSON).read(body, "AddVmAppToMeshResponse"));
        AddVmAppToMeshResponse response = new AddVmAppToMeshResponse();
        return response.getInstance(context).getData();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static KubernetesClient client(SimulatedCluster cluster) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.kubeconfig()))
                .build();
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("networking.istio.io")
                .withVersion("v1alpha3")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
