package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.servicemesh.model.v20200111.AddClusterIntoServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.CreateServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DeleteServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeCensRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClustersInServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClustersInServiceMeshResponse;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailResponse;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshKubeconfigRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshesRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeUpgradeVersionRequest;
import com.aliyuncs.servicemesh.model.v20200111.RemoveClusterFromServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.UpdateMeshFeatureRequest;
import com.aliyuncs.servicemesh.model.v20200111.UpgradeMeshVersionRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running suite, started by the same launcher as {@code ./asm up}, driven through the gateway with the official
 * clients: the core SDK (RPC v1, its own GET and POST) and the Tea engine (ACS3).
 */
@ExtendWith(SharedSuite.class)
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshLifecycleE2ETest {

    RunningSuite running;

    @BeforeAll
    void up(RunningSuite shared) {
        running = shared;
    }

    DescribeServiceMeshDetailResponse.ServiceMesh detail(String id) throws ClientException {
        DescribeServiceMeshDetailRequest r = new DescribeServiceMeshDetailRequest();
        r.setServiceMeshId(id);
        return running.admin(r).getServiceMesh();
    }

    /** What the suite does in the background: seen within 20 s, looked at every 100 ms. */
    static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }

    DescribeServiceMeshDetailResponse.ServiceMesh awaitRunning(String id) throws Exception {
        return await("mesh " + id + " to run")
                .until(
                        () -> detail(id),
                        mesh -> "running".equals(mesh.getServiceMeshInfo().getState()));
    }

    String createMesh(String name, String version) throws ClientException {
        CreateServiceMeshRequest create = new CreateServiceMeshRequest();
        create.setName(name);
        create.setVpcId("vpc-e2e");
        create.setVSwitches("[\"vsw-e2e-1\",\"vsw-e2e-2\"]");
        create.setTracing(true);
        create.setTraceSampling(25f);
        create.setOPALimitMemory("512Mi");
        create.setEnableAudit(true);
        if (version != null) {
            create.setIstioVersion(version);
        }
        return running.admin(create).getServiceMeshId();
    }

    @Test
    void theWholeMeshLifecycleWithTheCoreSdk() throws Exception {
        long start = System.nanoTime();
        String id = createMesh("e2e", "v1.30.5.1-ga795090b-aliyun");
        var mesh = awaitRunning(id);
        System.out.printf("mesh %s reached running in %d ms%n", id, (System.nanoTime() - start) / 1_000_000);
        assertEquals("e2e", mesh.getServiceMeshInfo().getName());
        assertEquals("cn-hangzhou", mesh.getServiceMeshInfo().getRegionId());
        assertEquals("v1.30.5.1-ga795090b-aliyun", mesh.getServiceMeshInfo().getVersion());
        assertEquals("vpc-e2e", mesh.getSpec().getNetwork().getVpcId());
        assertEquals(
                List.of("vsw-e2e-1", "vsw-e2e-2"), mesh.getSpec().getNetwork().getVSwitches());
        assertEquals(true, mesh.getSpec().getMeshConfig().getTracing());
        assertEquals(25f, mesh.getSpec().getMeshConfig().getPilot().getTraceSampling());
        assertEquals("512Mi", mesh.getSpec().getMeshConfig().getOPA().getLimitMemory());
        assertEquals(true, mesh.getSpec().getMeshConfig().getAudit().getEnabled());
        assertEquals("mesh-log-" + id, mesh.getSpec().getMeshConfig().getAudit().getProject());
        assertTrue(mesh.getEndpoints().getIntranetPilotEndpoint().endsWith(":15012"));

        DescribeServiceMeshKubeconfigRequest kc = new DescribeServiceMeshKubeconfigRequest();
        kc.setSysMethod(MethodType.GET); // its parameters are query parameters: the SDK's GET carries them
        kc.setServiceMeshId(id);
        kc.setPrivateIpAddress(true);
        String kubeconfig = running.admin(kc).getKubeconfig();
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig))
                .build()) {
            assertTrue(k.namespaces().list().getItems().stream()
                    .anyMatch(n -> n.getMetadata().getName().equals("istio-system")));
        }

        UpdateMeshFeatureRequest update = new UpdateMeshFeatureRequest();
        update.setServiceMeshId(id);
        update.setOutboundTrafficPolicy("REGISTRY_ONLY");
        update.setTraceSampling(80f);
        running.admin(update);
        mesh = awaitRunning(id);
        assertEquals("REGISTRY_ONLY", mesh.getSpec().getMeshConfig().getOutboundTrafficPolicy());
        assertEquals(80f, mesh.getSpec().getMeshConfig().getPilot().getTraceSampling());
        assertEquals(true, mesh.getSpec().getMeshConfig().getTracing(), "absent parameters keep their values");

        DescribeUpgradeVersionRequest versions = new DescribeUpgradeVersionRequest();
        versions.setServiceMeshId(id);
        var target = running.admin(versions).getVersion();
        assertEquals("1.31.0", target.getIstioVersion());
        assertEquals("v1.31.0.1-g3d5f93b8-aliyun", target.getIstioOperatorVersion());
        assertEquals("v1.30.0-asm-sim", target.getKubernetesVersion()); // the mesh API server's
        UpgradeMeshVersionRequest upgrade = new UpgradeMeshVersionRequest();
        upgrade.setServiceMeshId(id);
        running.admin(upgrade);
        assertEquals(
                "v1.31.0.1-g3d5f93b8-aliyun",
                awaitRunning(id).getServiceMeshInfo().getVersion());

        var list = running.admin(new DescribeServiceMeshesRequest()).getServiceMeshes();
        assertTrue(list.stream()
                .anyMatch(m -> m.getServiceMeshInfo().getServiceMeshId().equals(id)));

        DeleteServiceMeshRequest delete = new DeleteServiceMeshRequest();
        delete.setServiceMeshId(id);
        running.admin(delete);
        ClientException gone = await("mesh " + id + " to be deleted")
                .until(
                        () -> {
                            try {
                                detail(id);
                                return null;
                            } catch (ClientException e) {
                                return e;
                            }
                        },
                        Objects::nonNull);
        assertEquals("ServiceMesh.NotFound", gone.getErrCode());
    }

    /** A new simulated data-plane cluster, as an operator would bring one: its kubeconfig. */
    String dataPlaneCluster(String name) throws Exception {
        var http = HttpClient.newHttpClient();
        var response = http.send(
                HttpRequest.newBuilder(URI.create(running.layout.url(running.layout.simulatorPort()) + "/clusters"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body()).path("kubeconfig").asText();
    }

    List<DescribeClustersInServiceMeshResponse.Cluster> clustersIn(String meshId) throws ClientException {
        DescribeClustersInServiceMeshRequest r = new DescribeClustersInServiceMeshRequest();
        r.setServiceMeshId(meshId);
        return running.admin(r).getClusters();
    }

    @Test
    void aDataPlaneClusterJoinsAndLeavesAMesh() throws Exception {
        String id = createMesh("e2e-clusters", null);
        awaitRunning(id);
        String kubeconfig = dataPlaneCluster("e2e-dp");
        // The newer Kubeconfig body parameter (CONTRACT.md §1.11) registers the cluster; core 1.1.0's model predates
        // it, so it is set the way the model sets its own body parameters.
        AddClusterIntoServiceMeshRequest add = new AddClusterIntoServiceMeshRequest() {
            {
                putBodyParameter("Kubeconfig", kubeconfig);
            }
        };
        add.setServiceMeshId(id);
        add.setClusterId("c-e2e-dp");
        assertEquals("200", running.admin(add).getCode());

        await("cluster to join")
                .until(() -> !clustersIn(id).isEmpty()
                        && "running".equals(clustersIn(id).get(0).getState())
                        && !detail(id).getClusters().isEmpty());
        var cluster = clustersIn(id).get(0);
        assertEquals("running", cluster.getState(), cluster.getErrorMessage());
        assertTrue(cluster.getVersion().startsWith("v"), cluster.getVersion());
        // mesh-service learnt it from cluster-service's ClusterAttached event.
        assertEquals(List.of("c-e2e-dp"), detail(id).getClusters());
        // The mesh owner sees the remote secret istiod reads the cluster with.
        DescribeServiceMeshKubeconfigRequest kc = new DescribeServiceMeshKubeconfigRequest();
        kc.setSysMethod(MethodType.GET);
        kc.setServiceMeshId(id);
        kc.setPrivateIpAddress(true);
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(
                        running.admin(kc).getKubeconfig()))
                .build()) {
            var secret = k.secrets()
                    .inNamespace("istio-system")
                    .withName("istio-remote-secret-c-e2e-dp")
                    .get();
            assertEquals("c-e2e-dp", secret.getMetadata().getAnnotations().get("networking.istio.io/cluster"));
        }

        RemoveClusterFromServiceMeshRequest remove = new RemoveClusterFromServiceMeshRequest();
        remove.setServiceMeshId(id);
        remove.setClusterId("c-e2e-dp");
        assertEquals("200", running.admin(remove).getCode());
        await("cluster to leave")
                .until(() ->
                        clustersIn(id).isEmpty() && detail(id).getClusters().isEmpty());
        assertEquals(List.of(), clustersIn(id));
        assertEquals(List.of(), detail(id).getClusters());
    }

    /** The clusters ./asm up registered for the bootstrap key (ASM_SIMULATED_CLUSTERS, 2 by default): id → VpcId. */
    Map<String, Object> offeredClusters(Client tea) throws Exception {
        Map<?, ?> body = (Map<?, ?>) tea.callApi(
                        rpc("DescribeServiceMeshClusters"),
                        new OpenApiRequest().setQuery(Map.of()),
                        new RuntimeOptions())
                .get("body");
        Map<String, Object> vpcs = new HashMap<>();
        for (Object c : (List<?>) body.get("Clusters")) {
            String id = (String) ((Map<?, ?>) c).get("ClusterId");
            if (id.startsWith("local-dp-")) {
                assertEquals(null, vpcs.put(id, ((Map<?, ?>) c).get("VpcId")), "registered once: " + id);
            }
        }
        return vpcs;
    }

    /**
     * One restart (a suite start is the costly part of these tests) for all that must outlive one: meshes and their
     * API servers, the registered clusters, and meshes whose provisioning mesh-service was killed in the middle of.
     */
    @Test
    void aRestartKeepsMeshesAndClustersAndFinishesInterruptedWork() throws Exception {
        Client tea = running.tea();
        assertEquals(List.of("local-dp-1", "local-dp-2"), running.endpoint.clusterIds());
        Map<String, Object> offered = Map.of("local-dp-1", "vpc-local-a", "local-dp-2", "vpc-local-b");
        assertEquals(offered, offeredClusters(tea));
        String durable = createMesh("durable", null);
        awaitRunning(durable);
        List<String> interrupted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            interrupted.add(createMesh("crash-" + i, null));
        }
        // kill -9 while the reconciler is at work on them
        long pid = Long.parseLong(Files.readString(running.layout.pids().resolve("mesh-service.pid"))
                .trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        running.restart();

        // The offered clusters are found registered and the simulator still holds them: nothing made again.
        assertEquals(List.of("local-dp-1", "local-dp-2"), running.endpoint.clusterIds());
        assertEquals(offered, offeredClusters(tea));
        var simulated = new ObjectMapper()
                .readTree(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                running.layout.url(running.layout.simulatorPort()) + "/clusters"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        List<String> names = new ArrayList<>();
        simulated.forEach(c -> names.add(c.path("name").asText()));
        assertEquals(1, names.stream().filter("local-dp-2"::equals).count(), names.toString());
        // The mesh and its API server's objects.
        var mesh = awaitRunning(durable);
        assertEquals("durable", mesh.getServiceMeshInfo().getName());
        DescribeServiceMeshKubeconfigRequest kc = new DescribeServiceMeshKubeconfigRequest();
        kc.setServiceMeshId(durable);
        kc.setPrivateIpAddress(true);
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(
                        running.admin(kc).getKubeconfig()))
                .build()) {
            assertNotNull(
                    k.rbac().clusterRoles().withName("istio-admin").get(), "the mesh API server kept its objects");
            assertNotNull(k.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("serviceentries.networking.istio.io")
                    .get());
        }
        // No mesh is left stuck by the kill.
        for (String id : interrupted) {
            assertEquals("running", awaitRunning(id).getServiceMeshInfo().getState());
        }
    }

    @Test
    void aRegisteredClusterJoinsByItsIdAlone() throws Exception {
        Client tea = running.tea();
        // The typed SDK, whose model has no Kubeconfig, adds one by its ClusterId alone.
        String id = createMesh("offered", null);
        awaitRunning(id);
        AddClusterIntoServiceMeshRequest add = new AddClusterIntoServiceMeshRequest();
        add.setServiceMeshId(id);
        add.setClusterId("local-dp-2");
        assertEquals("200", running.admin(add).getCode());
        await("offered cluster to run in the mesh")
                .until(() -> List.of("local-dp-2").equals(detail(id).getClusters())
                        && "running".equals(clustersIn(id).get(0).getState()));
        assertEquals(
                "running",
                clustersIn(id).get(0).getState(),
                clustersIn(id).get(0).getErrorMessage());
        // Deregistering a member is refused until it has left.
        TeaException inMesh = assertThrows(
                TeaException.class,
                () -> tea.callApi(
                        rpc("DeregisterCluster"),
                        new OpenApiRequest().setQuery(Map.of("ClusterId", "local-dp-2")),
                        new RuntimeOptions()));
        assertEquals("ErrorPermitted.ClusterInServiceMesh", inMesh.getCode());
        // DescribeCens through the typed SDK: the member's API server answers its probe, so none is reported.
        DescribeCensRequest cens = new DescribeCensRequest();
        cens.setServiceMeshId(id);
        assertEquals(List.of(), running.admin(cens).getClusters());
        RemoveClusterFromServiceMeshRequest remove = new RemoveClusterFromServiceMeshRequest();
        remove.setServiceMeshId(id);
        remove.setClusterId("local-dp-2");
        assertEquals("200", running.admin(remove).getCode());
        await("offered cluster to leave").until(() -> clustersIn(id).isEmpty());
    }

    @Test
    void teaAcs3SeesTheSameMesh() throws Exception {
        String id = createMesh("tea", null);
        awaitRunning(id);
        var client = running.tea();
        Params params = rpc("DescribeServiceMeshDetail");
        Map<String, ?> r =
                client.callApi(params, new OpenApiRequest().setBody(Map.of("ServiceMeshId", id)), new RuntimeOptions());
        Map<?, ?> mesh = (Map<?, ?>) ((Map<?, ?>) r.get("body")).get("ServiceMesh");
        assertEquals(
                List.of("vsw-e2e-1", "vsw-e2e-2"),
                ((Map<?, ?>) ((Map<?, ?>) mesh.get("Spec")).get("Network")).get("VSwitches"));
        assertEquals("running", ((Map<?, ?>) mesh.get("ServiceMeshInfo")).get("State"));
        TeaException e = assertThrows(
                TeaException.class,
                () -> client.callApi(
                        params,
                        new OpenApiRequest().setBody(Map.of("ServiceMeshId", "c00000000000000000000000000000000")),
                        new RuntimeOptions()));
        assertEquals("ServiceMesh.NotFound", e.getCode());
    }

    @Test
    void twoAccountsCannotSeeOrTouchEachOthersMeshes() throws Exception {
        String mine = createMesh("mine", null);
        var client = running.tea();
        Map<?, ?> account = (Map<?, ?>) ((Map<?, ?>) client.callApi(
                                rpc("CreateAccount"),
                                new OpenApiRequest().setQuery(Map.of("AccountName", "tenant-b")),
                                new RuntimeOptions())
                        .get("body"))
                .get("Account");
        Map<?, ?> key = (Map<?, ?>) ((Map<?, ?>) client.callApi(
                                rpc("CreateAccessKey"),
                                new OpenApiRequest().setQuery(Map.of("AccountId", (String) account.get("AccountId"))),
                                new RuntimeOptions())
                        .get("body"))
                .get("AccessKey");
        String bId = (String) key.get("AccessKeyId");
        String bSecret = (String) key.get("AccessKeySecret");

        DescribeServiceMeshDetailRequest peek = new DescribeServiceMeshDetailRequest();
        peek.setServiceMeshId(mine);
        assertEquals(
                "ServiceMesh.NotFound",
                assertThrows(ClientException.class, () -> running.call(peek, bId, bSecret))
                        .getErrCode());
        DeleteServiceMeshRequest steal = new DeleteServiceMeshRequest();
        steal.setServiceMeshId(mine);
        assertEquals(
                "ServiceMesh.NotFound",
                assertThrows(ClientException.class, () -> running.call(steal, bId, bSecret))
                        .getErrCode());
        assertEquals(
                0,
                running.call(new DescribeServiceMeshesRequest(), bId, bSecret)
                        .getServiceMeshes()
                        .size());
        assertNotNull(detail(mine));
    }

    @Test
    void errorsAsAClientSeesThem() {
        DescribeServiceMeshDetailRequest r = new DescribeServiceMeshDetailRequest();
        r.setServiceMeshId("c00000000000000000000000000000000");
        assertEquals(
                "InvalidAccessKeyId.NotFound",
                assertThrows(ClientException.class, () -> running.call(r, "LTAInobody", "x"))
                        .getErrCode());
        assertEquals(
                "SDK.InvalidAccessKeySecret",
                assertThrows(ClientException.class, () -> running.call(r, running.endpoint.accessKeyId(), "wrong"))
                        .getErrCode());
        assertEquals(
                "ServiceMesh.NotFound",
                assertThrows(ClientException.class, () -> running.admin(r)).getErrCode());
        DescribeServiceMeshDetailRequest missing = new DescribeServiceMeshDetailRequest();
        assertEquals(
                "MissingServiceMeshId",
                assertThrows(ClientException.class, () -> running.admin(missing))
                        .getErrCode());
        CreateServiceMeshRequest bad = new CreateServiceMeshRequest();
        bad.setVpcId("vpc");
        bad.setVSwitches("[\"vsw\"]");
        bad.setTraceSampling(101f);
        assertEquals(
                "InvalidParameter",
                assertThrows(ClientException.class, () -> running.admin(bad)).getErrCode());
    }

    /** Least privilege as started: each service its own database role, the secrets key only where it is used. */
    @Test
    void eachServiceGetsItsOwnDatabaseLoginAndOnlyTheSecretsItUses() throws Exception {
        for (SuiteLayout.Service s : running.layout.services()) {
            String pid = Files.readString(running.layout.pids().resolve(s.name() + ".pid"))
                    .trim();
            // The launched JVM's environment (setsid execs it in place, so the pid is the service's).
            Map<String, String> environment = new HashMap<>();
            for (String entry :
                    Files.readString(Path.of("/proc", pid, "environ")).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    environment.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            assertEquals(s.schema(), environment.get("ASM_DB_USER"), s.name());
            assertEquals(s.sealsSecrets(), environment.containsKey("ASM_CRYPTO_KEY"), s.name());
            assertEquals(
                    s.name().equals("gateway"), environment.containsKey("ASM_BOOTSTRAP_ACCESS_KEY_SECRET"), s.name());
            assertFalse(
                    Files.readString(running.layout.logs().resolve(s.name() + ".log"))
                            .contains(running.endpoint.accessKeySecret()),
                    s.name() + "'s log holds the bootstrap secret");
        }
    }

    static Params rpc(String action) {
        return new Params()
                .setAction(action)
                .setVersion("2020-01-11")
                .setProtocol("HTTP")
                .setMethod("POST")
                .setAuthType("AK")
                .setStyle("RPC")
                .setPathname("/")
                .setReqBodyType("formData")
                .setBodyType("json");
    }
}
