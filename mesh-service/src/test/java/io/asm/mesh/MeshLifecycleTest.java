package io.asm.mesh;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.InternalCaller;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The mesh lifecycle against a real PostgreSQL and simulated mesh API servers, through the internal API. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshLifecycleTest {

    static RequestSpecification as(String account) {
        return InternalCaller.as(account);
    }

    /** As the gateway calls: the region it resolved is a header, never guessed from the body. */
    static RequestSpecification as(String account, String region) {
        return InternalCaller.as(account, region);
    }

    /** The least CreateServiceMesh (region, VPC, one vSwitch) with {@code more} name-value pairs on top. */
    static Map<String, Object> meshParams(Object... more) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("RegionId", "cn-hangzhou");
        params.put("VpcId", "vpc-1");
        params.put("VSwitches", "[\"vsw-1\"]");
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    static String create(String account, Map<String, Object> params) {
        return as(account)
                .body(params)
                .post("/meshes")
                .then()
                .statusCode(200)
                .extract()
                .path("ServiceMeshId");
    }

    static Response awaitState(String account, String id, String state) throws InterruptedException {
        return awaitState(account, id, state, Duration.ofSeconds(15));
    }

    static Response awaitState(String account, String id, String state, Duration atMost) {
        return await("mesh " + id + " to be " + state)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> as(account).get("/meshes/" + id),
                        r -> r.statusCode() == 200 && state.equals(r.path("ServiceMesh.ServiceMeshInfo.State")));
    }

    /** A running mesh of {@code account} holding the remote secret of member cluster {@code clusterId}. */
    static String runningMeshWithRemoteSecret(String account, String clusterId) throws InterruptedException {
        String id = create(account, meshParams());
        awaitState(account, id, "running");
        as(account)
                .body(Map.of("Kubeconfig", "apiVersion: v1\nkind: Config\n# member " + clusterId + "\n"))
                .put("/meshes/" + id + "/remote-secrets/" + clusterId)
                .then()
                .statusCode(200);
        return id;
    }

    static SimulatedCluster apiServerOf(String meshId) {
        return SimulatorResource.simulator().list().stream()
                .filter(c -> c.name().equals(meshId))
                .findFirst()
                .orElse(null);
    }

    @Test
    void createReachesRunningAndShowsBackEveryField() throws Exception {
        String account =
                "1" + UUID.randomUUID().toString().replaceAll("\\D", "").substring(0, 10);
        Map<String, Object> params = new HashMap<>(Map.of(
                "RegionId",
                "cn-hangzhou",
                "VpcId",
                "vpc-abc",
                "VSwitches",
                "[\"vsw-1\",\"vsw-2\"]",
                "Name",
                "demo",
                "Tracing",
                true,
                "TraceSampling",
                42.5));
        params.putAll(Map.of(
                "OpenAgentPolicy",
                true,
                "OPALimitCPU",
                "2",
                "OPARequestMemory",
                "256Mi",
                "EnableAudit",
                true,
                "ApiServerPublicEip",
                true));
        String id = create(account, params);
        assertTrue(id.matches("c[0-9a-f]{32}"), id);
        Response r = awaitState(account, id, "running");
        assertEquals(List.of("vsw-1", "vsw-2"), r.path("ServiceMesh.Spec.Network.VSwitches"));
        assertEquals("vpc-abc", r.path("ServiceMesh.Spec.Network.VpcId"));
        assertEquals("demo", r.path("ServiceMesh.ServiceMeshInfo.Name"));
        assertEquals("cn-hangzhou", r.path("ServiceMesh.ServiceMeshInfo.RegionId"));
        assertEquals("", r.path("ServiceMesh.ServiceMeshInfo.ErrorMessage"));
        assertEquals("v1.31.0.1-g3d5f93b8-aliyun", r.path("ServiceMesh.ServiceMeshInfo.Version"));
        assertTrue(((String) r.path("ServiceMesh.ServiceMeshInfo.CreationTime"))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"));
        assertEquals(42.5f, (Float) r.path("ServiceMesh.Spec.MeshConfig.Pilot.TraceSampling"));
        assertEquals(true, r.path("ServiceMesh.Spec.MeshConfig.Tracing"));
        assertEquals(true, r.path("ServiceMesh.Spec.MeshConfig.OPA.Enabled"));
        assertEquals("2", r.path("ServiceMesh.Spec.MeshConfig.OPA.LimitCPU"));
        assertEquals("256Mi", r.path("ServiceMesh.Spec.MeshConfig.OPA.RequestMemory"));
        assertEquals("mesh-log-" + id, r.path("ServiceMesh.Spec.MeshConfig.Audit.Project"));
        assertEquals(List.of(), r.path("ServiceMesh.Clusters"));
        String pilot = r.path("ServiceMesh.Endpoints.IntranetPilotEndpoint");
        assertTrue(pilot.matches("192\\.0\\.2\\.\\d+:15012"), pilot);
        // What vm-service and cluster-service read of the mesh: the same state and istiod address.
        as(account)
                .get("/meshes/" + id + "/state")
                .then()
                .statusCode(200)
                .body("ServiceMeshId", equalTo(id))
                .body("State", equalTo("running"))
                .body("IntranetPilotEndpoint", equalTo(pilot));
        assertEquals(r.path("ServiceMesh.Endpoints.IntranetApiServerEndpoint"), (Object)
                r.path("ServiceMesh.Endpoints.PublicApiServerEndpoint"));
        assertEquals("", r.path("ServiceMesh.Endpoints.PublicPilotEndpoint"));

        // What the mesh API server received.
        SimulatedCluster apiServer = apiServerOf(id);
        assertNotNull(apiServer);
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(apiServer.kubeconfig()))
                .build()) {
            assertNotNull(k.namespaces().withName("istio-system").get());
            assertNotNull(k.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("serviceentries.networking.istio.io")
                    .get());
            assertNotNull(k.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("telemetries.telemetry.istio.io")
                    .get());
            var role = k.rbac().clusterRoles().withName("istio-admin").get();
            assertTrue(role.getRules().stream()
                    .anyMatch(rule -> rule.getApiGroups().contains("networking.istio.io")
                            && rule.getVerbs().equals(List.of("*"))));
            String meshConfig = k.configMaps()
                    .inNamespace("istio-system")
                    .withName("istio")
                    .get()
                    .getData()
                    .get("mesh");
            assertTrue(
                    meshConfig.contains("enableTracing: true")
                                    && meshConfig.contains("sampling: 42.5")
                                    && meshConfig.contains("mode: \"ALLOW_ANY\"")
                            || meshConfig.contains("mode: ALLOW_ANY"),
                    meshConfig);
            String iop = k.configMaps()
                    .inNamespace("istio-system")
                    .withName("asm-istio-operator")
                    .get()
                    .getData()
                    .get("istio-operator.yaml");
            assertTrue(
                    iop.contains("EXTERNAL_ISTIOD") && iop.contains("meshID: \"" + id + "\"")
                            || iop.contains("meshID: " + id),
                    iop);
            assertTrue(iop.contains("traceSampling: 42.5"), iop);
        }

        // Events of the lifecycle, in the outbox.
        assertEquals(List.of("MeshCreated", "MeshRunning"), events(id));
    }

    @Test
    void anotherAccountCannotSeeOrTouchTheMesh() throws Exception {
        String id = create("111", meshParams());
        as("222").get("/meshes/" + id).then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
        as("222").get("/meshes/" + id + "/state").then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
        as("222").delete("/meshes/" + id).then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
        as("222").get("/meshes").then().statusCode(200).body("ServiceMeshes.size()", equalTo(0));
        as("111").get("/meshes/" + id).then().statusCode(200);
    }

    @Test
    void deleteTearsDownAndThenTheMeshIsNotFound() throws Exception {
        String id = create("333", meshParams());
        awaitState("333", id, "running");
        assertNotNull(apiServerOf(id));
        as("333").delete("/meshes/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> as("333").get("/meshes/" + id).statusCode() == 404);
        as("333").get("/meshes/" + id).then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
        as("333").delete("/meshes/" + id).then().statusCode(404);
        assertEquals(null, apiServerOf(id));
        assertEquals(List.of("MeshCreated", "MeshRunning", "MeshDeleted"), events(id));
    }

    @Test
    void attachedClustersBlockDeleteUnlessForced() throws Exception {
        String id = create("444", meshParams());
        sql("INSERT INTO mesh.mesh_membership (mesh_id, cluster_id) VALUES ('" + id + "', 'c-data-1')");
        as("444").get("/meshes/" + id).then().body("ServiceMesh.Clusters", equalTo(List.of("c-data-1")));
        as("444")
                .delete("/meshes/" + id)
                .then()
                .statusCode(400)
                .body("Code", equalTo("ErrorPermitted.ClustersNotEmpty"));
        as("444").queryParam("Force", true).delete("/meshes/" + id).then().statusCode(200);
        // The reconciler may finish the deletion before a read sees "deleting": wait for where it ends.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> as("444").get("/meshes/" + id).statusCode() == 404);
        as("444").get("/meshes/" + id).then().body("Code", equalTo("ServiceMesh.NotFound"));
        assertEquals("MeshDeleted", events(id).get(events(id).size() - 1));
    }

    @Test
    void badValuesAreRefusedAndNothingIsStored() throws Exception {
        long before = count("555");
        as("555")
                .body(Map.of(
                        "RegionId",
                        "cn-hangzhou",
                        "VpcId",
                        "v",
                        "VSwitches",
                        "[]",
                        "IstioVersion",
                        "v9.9.9.9-gdeadbeef-aliyun"))
                .post("/meshes")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        as("555")
                .body(Map.of("RegionId", "cn-hangzhou", "VpcId", "v", "VSwitches", "[]", "TraceSampling", 150))
                .post("/meshes")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        as("555")
                .body(Map.of(
                        "RegionId", "cn-hangzhou", "VpcId", "v", "VSwitches", "[]", "OutboundTrafficPolicy", "DENY"))
                .post("/meshes")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        as("555")
                .body(Map.of("RegionId", "cn-hangzhou", "VpcId", "v", "VSwitches", "{oops"))
                .post("/meshes")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        assertEquals(before, count("555"));
    }

    @Test
    void totalCountFollowsEveryWriterOfTheTable() throws Exception {
        String id = create("661", meshParams());
        // Straight into the table as a bulk load would (and from a session whose search_path is not the schema): the
        // count DescribeServiceMeshes answers is kept by the database, whoever writes.
        sql("INSERT INTO mesh.mesh (id, account_id, region_id, name, state, version, vpc_id, vswitches, features)"
                + " SELECT 'cbulk' || i, account_id, region_id, 'bulk-' || i, state, version, vpc_id, vswitches,"
                + " features FROM mesh.mesh, generate_series(1, 3) i WHERE id = '" + id + "'");
        assertEquals(4, (Integer) as("661").get("/meshes").path("TotalCount"));
        sql("DELETE FROM mesh.mesh WHERE id IN ('cbulk1', 'cbulk2')");
        Response after = as("661").get("/meshes");
        assertEquals(2, (Integer) after.path("TotalCount"));
        assertEquals(List.of(id, "cbulk3"), after.path("ServiceMeshes.ServiceMeshInfo.ServiceMeshId"));
    }

    @Test
    void listIsPagedAndScopedToAccountAndRegion() {
        for (int i = 0; i < 5; i++) {
            create(
                    "666",
                    Map.of(
                            "RegionId",
                            "cn-hangzhou",
                            "VpcId",
                            "vpc-" + i,
                            "VSwitches",
                            "[\"vsw-1\"]",
                            "Name",
                            "m" + i));
        }
        as("666", "cn-beijing")
                .body(Map.of("RegionId", "cn-beijing", "VpcId", "vpc-x", "VSwitches", "[\"vsw-1\"]"))
                .post("/meshes")
                .then()
                .statusCode(200);
        // Pages in the back half are read from the account's end: the same meshes in the same order.
        Map<Integer, List<String>> pagesOfTwo =
                Map.of(1, List.of("m0", "m1"), 2, List.of("m2", "m3"), 3, List.of("m4"));
        pagesOfTwo.forEach((number, names) -> {
            Response page = as("666")
                    .queryParam("PageSize", 2)
                    .queryParam("PageNumber", number)
                    .get("/meshes");
            assertEquals(5, (Integer) page.path("TotalCount"));
            assertEquals(names, page.path("ServiceMeshes.ServiceMeshInfo.Name"), "page " + number);
        });
        Response second =
                as("666").queryParam("PageSize", 3).queryParam("PageNumber", 2).get("/meshes");
        assertEquals(List.of("m3", "m4"), second.path("ServiceMeshes.ServiceMeshInfo.Name"));
        Response empty =
                as("666").queryParam("PageSize", 5).queryParam("PageNumber", 2).get("/meshes");
        assertEquals(List.of(), empty.path("ServiceMeshes.ServiceMeshInfo"));
        // Far past the end (an offset beyond any int): an empty page, not a failure.
        Response past = as("666")
                .queryParam("PageSize", 100)
                .queryParam("PageNumber", 3_000_000_000L)
                .get("/meshes");
        assertEquals(200, past.statusCode());
        assertEquals(List.of(), past.path("ServiceMeshes.ServiceMeshInfo"));
        assertEquals(5, (Integer) past.path("TotalCount"));
        // The largest PageNumber: (PageNumber - 1) × PageSize does not fit a long either.
        Response last = as("666")
                .queryParam("PageSize", 100)
                .queryParam("PageNumber", Long.MAX_VALUE)
                .get("/meshes");
        assertEquals(200, last.statusCode());
        assertEquals(List.of(), last.path("ServiceMeshes.ServiceMeshInfo"));
    }

    @Test
    void updateIsPartialAndReachesTheMeshApiServer() throws Exception {
        String id = create("777", meshParams("Tracing", true, "OPALimitCPU", "2"));
        awaitState("777", id, "running");
        as("777")
                .body(Map.of("OutboundTrafficPolicy", "REGISTRY_ONLY", "TraceSampling", 12.5, "OPARequestCPU", "250m"))
                .patch("/meshes/" + id + "/features")
                .then()
                .statusCode(200);
        Response r = awaitState("777", id, "running");
        assertEquals("REGISTRY_ONLY", r.path("ServiceMesh.Spec.MeshConfig.OutboundTrafficPolicy"));
        assertEquals(12.5f, (Float) r.path("ServiceMesh.Spec.MeshConfig.Pilot.TraceSampling"));
        assertEquals("250m", r.path("ServiceMesh.Spec.MeshConfig.OPA.RequestCPU"));
        // Absent parameters kept their values.
        assertEquals(true, r.path("ServiceMesh.Spec.MeshConfig.Tracing"));
        assertEquals("2", r.path("ServiceMesh.Spec.MeshConfig.OPA.LimitCPU"));
        try (KubernetesClient k = client(id)) {
            String meshConfig = k.configMaps()
                    .inNamespace("istio-system")
                    .withName("istio")
                    .get()
                    .getData()
                    .get("mesh");
            assertTrue(meshConfig.contains("REGISTRY_ONLY") && meshConfig.contains("sampling: 12.5"), meshConfig);
        }
        as("777")
                .body(Map.of("OutboundTrafficPolicy", "SOMETIMES"))
                .patch("/meshes/" + id + "/features")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        as("777")
                .body(Map.of("ProxyLimitMemory", "lots"))
                .patch("/meshes/" + id + "/features")
                .then()
                .statusCode(400);
        as("777")
                .get("/meshes/" + id)
                .then()
                .body("ServiceMesh.Spec.MeshConfig.OutboundTrafficPolicy", equalTo("REGISTRY_ONLY"));
        assertEquals(List.of("MeshCreated", "MeshRunning", "MeshUpdated"), events(id));
    }

    @Test
    void upgradeGoesToTheAdjacentMinorOnly() throws Exception {
        String id = create("888", meshParams("IstioVersion", "v1.30.5.1-ga795090b-aliyun"));
        awaitState("888", id, "running");
        as("888")
                .get("/meshes/" + id + "/upgrade-version")
                .then()
                .statusCode(200)
                .body("Version.IstioVersion", equalTo("1.31.0"))
                .body("Version.IstioOperatorVersion", equalTo("v1.31.0.1-g3d5f93b8-aliyun"))
                .body("Version.KubernetesVersion", equalTo("v1.30.0-asm-sim")); // the mesh API server's /version
        as("888")
                .body(Map.of("PreCheck", true))
                .post("/meshes/" + id + "/upgrade")
                .then()
                .statusCode(200);
        as("888")
                .get("/meshes/" + id)
                .then()
                .body("ServiceMesh.ServiceMeshInfo.Version", equalTo("v1.30.5.1-ga795090b-aliyun"));
        as("888").body(Map.of()).post("/meshes/" + id + "/upgrade").then().statusCode(200);
        Response r = awaitState("888", id, "running");
        assertEquals("v1.31.0.1-g3d5f93b8-aliyun", r.path("ServiceMesh.ServiceMeshInfo.Version"));
        assertEquals("docker.io/istio/pilot:1.31.0", istiodImage(id));
        as("888")
                .body(Map.of())
                .post("/meshes/" + id + "/upgrade")
                .then()
                .statusCode(400)
                .body("Code", equalTo("UpgradeVersion.NotAvailable"));
        as("888") // already the newest: nothing to upgrade to (DOMAIN.md §3.14)
                .get("/meshes/" + id + "/upgrade-version")
                .then()
                .statusCode(200)
                .body("Version.IstioVersion", equalTo(""))
                .body("Version.IstioOperatorVersion", equalTo(""))
                .body("Version.KubernetesVersion", equalTo(""));
        assertEquals(List.of("MeshCreated", "MeshRunning", "MeshUpgraded"), events(id));
    }

    @Test
    void kubeconfigIsBoundToIstioAdminAndWorks() throws Exception {
        String id = create("999", meshParams());
        awaitState("999", id, "running");
        as("999")
                .get("/meshes/" + id + "/kubeconfig")
                .then()
                .statusCode(400)
                .body("Code", equalTo("ApiServerPublicEip.Disabled"));
        Response first = as("999").queryParam("PrivateIpAddress", true).get("/meshes/" + id + "/kubeconfig");
        assertEquals(200, first.statusCode());
        String kubeconfig = first.path("Kubeconfig");
        assertTrue(kubeconfig.contains("# expires 20"), kubeconfig);
        // ExpireTime (newer SDKs): the token's expiry, yyyy-MM-dd HH:mm:ss in UTC, as the kubeconfig's comment says.
        String expireTime = first.path("ExpireTime");
        assertTrue(expireTime.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), expireTime);
        assertTrue(kubeconfig.contains("# expires " + expireTime.replace(' ', 'T')), kubeconfig);
        // Asked again (Terraform does on every refresh): the same kubeconfig, not one more valid token.
        Response again = as("999").queryParam("PrivateIpAddress", true).get("/meshes/" + id + "/kubeconfig");
        assertEquals(kubeconfig, again.path("Kubeconfig"));
        assertEquals(expireTime, again.path("ExpireTime"));
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build()) {
            assertTrue(k.namespaces().list().getItems().stream()
                    .anyMatch(n -> n.getMetadata().getName().equals("istio-system")));
            var binding = k.rbac()
                    .clusterRoleBindings()
                    .withName("istio-admin-asm-mesh-owner")
                    .get();
            assertEquals("istio-admin", binding.getRoleRef().getName());
            assertEquals("asm-mesh-owner", binding.getSubjects().get(0).getName());
        }
    }

    @Test
    void membershipEventsFeedTheClusterList() throws Exception {
        String id = create("1212", meshParams());
        String attached = "{\"specversion\":\"1.0\",\"id\":\"e-%s\",\"source\":\"/cluster-service\",\"type\":\"%s\","
                + "\"subject\":\"c-data-9\",\"data\":{\"ServiceMeshId\":\"" + id + "\",\"ClusterId\":\"c-data-9\"}}";
        for (int i = 0; i < 2; i++) { // delivered twice: one effect
            InternalCaller.internal()
                    .contentType("application/cloudevents+json")
                    .body(attached.formatted("1", "ClusterAttached"))
                    .post("/events")
                    .then()
                    .statusCode(200);
        }
        as("1212").get("/meshes/" + id).then().body("ServiceMesh.Clusters", equalTo(List.of("c-data-9")));
        InternalCaller.internal()
                .contentType("application/cloudevents+json")
                .body(attached.formatted("2", "ClusterDetached"))
                .post("/events")
                .then()
                .statusCode(200);
        as("1212").get("/meshes/" + id).then().body("ServiceMesh.Clusters", equalTo(List.of()));
    }

    @Test
    void remoteSecretsForMemberClustersLandOnTheMeshApiServer() throws Exception {
        String id = runningMeshWithRemoteSecret("1414", "c-dp-7");
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(apiServerOf(id).kubeconfig()))
                .build()) {
            var secret = k.secrets()
                    .inNamespace("istio-system")
                    .withName("istio-remote-secret-c-dp-7")
                    .get();
            assertEquals("true", secret.getMetadata().getLabels().get("istio/multiCluster"));
            assertEquals("c-dp-7", secret.getMetadata().getAnnotations().get("networking.istio.io/cluster"));
            assertTrue(
                    new String(Base64.getDecoder().decode(secret.getData().get("c-dp-7"))).contains("# member c-dp-7"));
            as("9999")
                    .delete("/meshes/" + id + "/remote-secrets/c-dp-7")
                    .then()
                    .statusCode(404)
                    .body("Code", equalTo("ServiceMesh.NotFound"));
            as("1414").delete("/meshes/" + id + "/remote-secrets/c-dp-7").then().statusCode(200);
            assertNull(k.secrets()
                    .inNamespace("istio-system")
                    .withName("istio-remote-secret-c-dp-7")
                    .get());
        }
        as("1414")
                .body(Map.of())
                .put("/meshes/" + id + "/remote-secrets/c-dp-7")
                .then()
                .statusCode(400)
                .body("Code", equalTo("MissingParameter"));
    }

    @Test
    void eachMeshHasItsOwnRootCaThatSignsWorkloadCertificates() throws Exception {
        String id = create("1313", meshParams());
        awaitState("1313", id, "running");
        X509Certificate root;
        try (KubernetesClient k = client(id)) {
            var secret =
                    k.secrets().inNamespace("istio-system").withName("cacerts").get();
            String pem = new String(Base64.getDecoder().decode(secret.getData().get("root-cert.pem")));
            root = MeshCertificateAuthority.certificate(pem);
            assertTrue(new String(Base64.getDecoder().decode(secret.getData().get("ca-key.pem")))
                    .startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        }
        assertEquals("O=cluster.local", root.getSubjectX500Principal().getName());
        assertEquals(2048, ((RSAPublicKey) root.getPublicKey()).getModulus().bitLength());
        assertTrue(root.getBasicConstraints() >= 0, "a CA");
        assertEquals(
                List.of(false, false, false, false, false, true, false, false, false),
                toList(root.getKeyUsage()),
                "keyCertSign only");
        long years = Duration.between(
                        root.getNotBefore().toInstant(), root.getNotAfter().toInstant())
                .toDays();
        assertEquals(3650, years);
        root.verify(root.getPublicKey());

        Response r = as("1313")
                .body(Map.of("Namespace", "hello", "ServiceAccount", "http-sa"))
                .post("/meshes/" + id + "/workload-certificates");
        assertEquals(200, r.statusCode(), r.asString());
        var leaf = MeshCertificateAuthority.certificate(r.path("CertChain"));
        leaf.verify(root.getPublicKey());
        assertEquals("", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN is critical");
        assertEquals(
                List.of(List.of(6, "spiffe://cluster.local/ns/hello/sa/http-sa")),
                leaf.getSubjectAlternativeNames().stream().toList());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        long hours = Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())
                .toMinutes();
        assertEquals(24 * 60 + 2, hours, "24 h plus the 2 min clock-skew grace");
        assertTrue(((String) r.path("Key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        as("1313")
                .body(Map.of("Namespace", "hello", "ServiceAccount", "http-sa", "TtlSeconds", 91L * 24 * 3600))
                .post("/meshes/" + id + "/workload-certificates")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        as("1313")
                .body(Map.of("Namespace", "Bad Name", "ServiceAccount", "x"))
                .post("/meshes/" + id + "/workload-certificates")
                .then()
                .statusCode(400);
        as("2222")
                .body(Map.of("Namespace", "hello", "ServiceAccount", "x"))
                .post("/meshes/" + id + "/workload-certificates")
                .then()
                .statusCode(404);
        // The key never leaves the database unsealed.
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement("SELECT ca_key_sealed FROM mesh.mesh WHERE id = ?")) {
            ps.setString(1, id);
            var rs = ps.executeQuery();
            rs.next();
            assertTrue(rs.getString(1).startsWith("v1:k1:"));
        }
    }

    static List<Boolean> toList(boolean[] bits) {
        List<Boolean> out = new ArrayList<>();
        for (boolean b : bits) {
            out.add(b);
        }
        return out;
    }

    /** The image istiod runs on the mesh's API server. */
    static String istiodImage(String meshId) {
        try (KubernetesClient k = client(meshId)) {
            return k.apps()
                    .deployments()
                    .inNamespace("istio-system")
                    .withName("istiod")
                    .get()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage();
        }
    }

    static KubernetesClient client(String meshId) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(apiServerOf(meshId).kubeconfig()))
                .build();
    }

    static List<String> events(String id) throws Exception {
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement(
                        "SELECT type FROM mesh.outbox_event WHERE aggregate_id = ? ORDER BY created_at")) {
            ps.setString(1, id);
            var rs = ps.executeQuery();
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1));
            }
            return types;
        }
    }

    /** The account's stored meshes (other tests' meshes come and go meanwhile). */
    private static long count(String account) throws Exception {
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement("SELECT count(*) FROM mesh.mesh WHERE account_id = ?")) {
            ps.setString(1, account);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sql(String statement) throws Exception {
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "")) {
            c.createStatement().execute(statement);
        }
    }
}
