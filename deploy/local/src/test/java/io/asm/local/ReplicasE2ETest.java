package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.servicemesh.model.v20200111.AddClusterIntoServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.CreateServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DeleteServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClustersInServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailResponse;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshKubeconfigRequest;
import com.aliyuncs.servicemesh.model.v20200111.RemoveClusterFromServiceMeshRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas of mesh-service, cluster-service and the gateway on one database, as a deployment runs them: gateway
 * A routes to the suite's services, gateway B to the second mesh-service and cluster-service. Both replicas'
 * reconcilers and outbox dispatchers run at once. Meshes and clusters are driven through both gateways concurrently,
 * and every resource must converge exactly once: one control plane per mesh, one event of each kind, each delivered
 * to every subscriber, and a nonce used at one gateway refused at the other.
 */
@ExtendWith(SharedSuite.StoppedFirst.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasE2ETest {

    private static final int MESHES = 6;
    private static final int GATEWAY_B = 31085;
    private static final int MESH_B = 31086;
    private static final int CLUSTER_B = 31087;

    RunningSuite running;
    SuiteLayout layout;
    Suite.Endpoint endpoint;
    /** host:port of gateway A and gateway B. */
    List<String> gateways;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final ExecutorService pool = Executors.newFixedThreadPool(MESHES * 2);

    @BeforeAll
    void up() throws Exception {
        // The B replicas call each other (internal API and events); observability and vm stay single.
        Map<String, String> toB = Map.of(
                "ASM_MESH_URL", "http://127.0.0.1:" + MESH_B,
                "ASM_CLUSTER_URL", "http://127.0.0.1:" + CLUSTER_B);
        running = new RunningSuite(
                "asm-e2e-replicas",
                31000,
                Map.of(),
                List.of(
                        new Suite.Replica("mesh-service", "mesh-service-b", MESH_B, toB),
                        new Suite.Replica("cluster-service", "cluster-service-b", CLUSTER_B, toB),
                        new Suite.Replica("gateway", "gateway-b", GATEWAY_B, toB)));
        layout = running.layout;
        endpoint = running.endpoint;
        gateways = List.of(running.host(), "127.0.0.1:" + GATEWAY_B);
    }

    @AfterAll
    void down() throws Exception {
        pool.shutdownNow();
        if (running != null) {
            running.suite.down();
            // The replicas' logs outlive the suite, for a failure to be read after the run.
            Path kept = Path.of("target", "replicas-logs");
            Files.createDirectories(kept);
            try (var logs = Files.list(layout.logs())) {
                for (Path log : logs.toList()) {
                    Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            running.close();
        }
    }

    @Test
    void aNonceUsedAtOneGatewayIsRefusedAtTheOther() throws Exception {
        for (int first = 0; first < 2; first++) {
            String form = RpcV1Signer.sign(
                    "POST",
                    "DescribeServiceMeshes",
                    endpoint.accessKeyId(),
                    endpoint.accessKeySecret(),
                    Map.of("RegionId", "cn-hangzhou"));
            HttpResponse<String> accepted = post(gateways.get(first), form);
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertTrue(json.readTree(accepted.body()).has("ServiceMeshes"), accepted.body());
            HttpResponse<String> replayed = post(gateways.get(1 - first), form);
            assertEquals(400, replayed.statusCode(), replayed.body());
            assertEquals(
                    "SignatureNonceUsed",
                    json.readTree(replayed.body()).path("Code").asText(),
                    replayed.body());
        }
    }

    @Test
    void meshesAndClustersDrivenThroughBothGatewaysConvergeExactlyOnce() throws Exception {
        // N meshes, created at once, half through each gateway.
        List<String> meshes = all(range(MESHES), i -> createMesh(i % 2, "replica-" + i));
        for (int i = 0; i < MESHES; i++) {
            int seenFrom = (i + 1) % 2; // the gateway that did not create it
            var mesh = awaitRunning(seenFrom, meshes.get(i));
            assertEquals("replica-" + i, mesh.getServiceMeshInfo().getName());
            assertEquals("vpc-replicas", mesh.getSpec().getNetwork().getVpcId());
        }
        // One control plane each on the simulator, with one istiod.
        Map<String, Long> apiServers = simulatedClusterNames();
        for (String id : meshes) {
            assertEquals(1L, apiServers.get(id), "simulated API servers of mesh " + id);
            try (KubernetesClient k = kube(meshAdminKubeconfig(id))) {
                assertEquals(
                        List.of("istiod"),
                        k.apps().deployments().inNamespace("istio-system").list().getItems().stream()
                                .map(d -> d.getMetadata().getName())
                                .toList(),
                        "istiod of " + id);
            }
        }

        // Three clusters (the suite's two, registered through gateway A, and one more through gateway B). Cluster c is
        // added to mesh c and to mesh c + 3 at the same moment, through different gateways: exactly one of the two adds
        // wins.
        List<String> clusters = new ArrayList<>(endpoint.clusterIds());
        clusters.add(register(1, "replica-dp"));
        int n = clusters.size();
        List<Callable<String>> adds = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            String cluster = clusters.get(c);
            String[] candidates = {meshes.get(c), meshes.get(c + n)};
            for (int k = 0; k < 2; k++) {
                int gateway = (c + k) % 2;
                String mesh = candidates[k];
                adds.add(() -> addCluster(gateway, mesh, cluster));
            }
        }
        List<String> added = all(adds);
        Map<String, String> meshOf = new TreeMap<>();
        for (int c = 0; c < n; c++) {
            List<String> pair = added.subList(2 * c, 2 * c + 2);
            assertTrue(
                    pair.contains("200") && pair.contains("ErrorPermitted.ClusterInAnotherMesh"),
                    clusters.get(c) + " added to two meshes at once: " + pair);
            meshOf.put(clusters.get(c), meshes.get(pair.get(0).equals("200") ? c : c + n));
        }
        for (var m : meshOf.entrySet()) {
            awaitMember(m.getValue(), m.getKey());
        }
        assertMemberships(meshes, meshOf);
        for (var m : meshOf.entrySet()) {
            assertJoinedOnce(m.getValue(), m.getKey());
        }

        // At once: the first cluster leaves its mesh (through its gateway), the other clusters' meshes are deleted
        // with Force (cluster-service detaches them on MeshDeleted), and the meshes without a cluster are
        // deleted, each through both gateways at the same moment.
        List<String> leaving = clusters.subList(0, n / 2);
        List<Callable<String>> removes = new ArrayList<>();
        for (String cluster : leaving) {
            int gateway = clusters.indexOf(cluster) % 2;
            removes.add(() -> removeCluster(gateway, meshOf.get(cluster), cluster));
        }
        List<String> deleted = new ArrayList<>();
        List<Callable<String>> deletes = new ArrayList<>();
        for (String id : meshes) {
            if (meshOf.entrySet().stream().anyMatch(e -> e.getValue().equals(id) && leaving.contains(e.getKey()))) {
                continue; // deleted once its cluster has left
            }
            deleted.add(id);
            for (int g = 0; g < 2; g++) {
                int gateway = g;
                deletes.add(() -> deleteMesh(gateway, id, true));
            }
        }
        List<Callable<String>> changes = new ArrayList<>(removes);
        changes.addAll(deletes);
        List<String> changed = all(changes);
        assertEquals(Collections.nCopies(removes.size(), "200"), changed.subList(0, removes.size()), "removes");
        for (int i = 0; i < deleted.size(); i++) {
            // The same delete through both gateways: both succeed, or the later finds the mesh gone already.
            List<String> pair = changed.subList(removes.size() + 2 * i, removes.size() + 2 * i + 2);
            assertTrue(
                    pair.contains("200")
                            && List.of("200", "ServiceMesh.NotFound").containsAll(pair),
                    "deleting " + deleted.get(i) + " through both gateways: " + pair);
        }
        for (String cluster : leaving) {
            String mesh = meshOf.get(cluster);
            await("cluster " + cluster + " to leave " + mesh)
                    .until(() -> clustersIn(0, mesh).isEmpty()
                            && detail(1, mesh).getClusters().isEmpty());
            assertEquals(List.of(), remoteSecrets(mesh));
        }
        assertEquals(
                Collections.nCopies(leaving.size(), "200"),
                all(leaving.stream()
                        .<Callable<String>>map(c -> () -> deleteMesh(clusters.indexOf(c) % 2, meshOf.get(c), false))
                        .toList()));
        for (String id : meshes) {
            for (int g = 0; g < 2; g++) {
                int gateway = g;
                await("mesh " + id + " to be gone at gateway " + g).until(() -> notFound(() -> detail(gateway, id)));
            }
        }
        for (String cluster : clusters) {
            await(cluster + " to be out of every mesh")
                    .until(() -> injectors(cluster).isEmpty());
        }
        assertEquals(Map.of(), onlyMeshes(simulatedClusterNames(), meshes), "control planes left after delete");
        assertEventsOnceEach(meshes, meshOf);
    }

    // --- the checks -------------------------------------------------------------------------------------------------

    /** Both replicas' views and the read models fed by events agree on who is in which mesh. */
    void assertMemberships(List<String> meshes, Map<String, String> meshOf) throws Exception {
        for (String id : meshes) {
            List<String> expected = meshOf.entrySet().stream()
                    .filter(e -> e.getValue().equals(id))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            for (int g = 0; g < 2; g++) {
                assertEquals(expected, detail(g, id).getClusters(), "DescribeServiceMeshDetail.Clusters at " + g);
                assertEquals(
                        expected,
                        clustersIn(g, id).stream().map(Member::id).sorted().toList());
            }
        }
        await("observability-service to learn the memberships")
                .until(() -> query("SELECT cluster_id, mesh_id FROM observability.mesh_member"), meshOf::equals);
    }

    /** The membership objects on the member and the remote secret on the mesh API server, once each. */
    void assertJoinedOnce(String mesh, String cluster) throws Exception {
        try (KubernetesClient member = kube(memberKubeconfig(cluster))) {
            assertEquals(
                    mesh,
                    member.namespaces()
                            .withName("istio-system")
                            .get()
                            .getMetadata()
                            .getAnnotations()
                            .get("topology.istio.io/controlPlaneClusters"));
        }
        // One injector, calling the mesh's istiod for this cluster.
        assertEquals(List.of("cluster=" + cluster), injectors(cluster));
        assertEquals(List.of("istio-remote-secret-" + cluster), remoteSecrets(mesh));
    }

    /**
     * Every event written once (one MeshCreated, MeshRunning and MeshDeleted per mesh; one ClusterAttached and
     * ClusterDetached per membership), each delivered to each of its subscribers, whose inbox holds it once.
     */
    void assertEventsOnceEach(List<String> meshes, Map<String, String> meshOf) throws Exception {
        await("every event to be delivered")
                .until(() -> count("SELECT count(*) FROM mesh.outbox_delivery WHERE status <> 'DELIVERED'")
                                + count("SELECT count(*) FROM cluster.outbox_delivery WHERE status <> 'DELIVERED'")
                        == 0);
        Map<String, String> perMesh = new TreeMap<>();
        for (String id : meshes) {
            perMesh.put(id, "MeshCreated,MeshDeleted,MeshRunning");
        }
        assertEquals(
                perMesh,
                query("SELECT aggregate_id, string_agg(type, ',' ORDER BY type) FROM mesh.outbox_event"
                        + " GROUP BY aggregate_id"));
        Map<String, String> perCluster = new TreeMap<>();
        meshOf.forEach(
                (cluster, mesh) -> perCluster.put(cluster, "ClusterAttached:" + mesh + ",ClusterDetached:" + mesh));
        assertEquals(
                perCluster,
                query("SELECT aggregate_id, string_agg(type || ':' || (data::json->>'ServiceMeshId'), ','"
                        + " ORDER BY type) FROM cluster.outbox_event GROUP BY aggregate_id"));
        // Each event to each of its subscribers once (publisher, type, subscriber), and in that subscriber's inbox.
        List<String[]> routes = List.of(
                new String[] {"mesh", "MeshCreated", "observability"},
                new String[] {"mesh", "MeshRunning", "cluster"},
                new String[] {"mesh", "MeshRunning", "vm"},
                new String[] {"mesh", "MeshDeleted", "cluster"},
                new String[] {"mesh", "MeshDeleted", "observability"},
                new String[] {"mesh", "MeshDeleted", "vm"},
                new String[] {"cluster", "ClusterAttached", "mesh"},
                new String[] {"cluster", "ClusterAttached", "observability"},
                new String[] {"cluster", "ClusterAttached", "vm"},
                new String[] {"cluster", "ClusterDetached", "mesh"},
                new String[] {"cluster", "ClusterDetached", "observability"});
        for (String[] r : routes) {
            String events = "FROM " + r[0] + ".outbox_event e WHERE e.type = '" + r[1] + "'";
            long n = count("SELECT count(*) " + events);
            assertEquals(r[1].startsWith("Mesh") ? meshes.size() : meshOf.size(), n, r[1]);
            String route = String.join(" → ", r);
            assertEquals(
                    n,
                    count("SELECT count(DISTINCT d.event_id) "
                            + events.replace(
                                    "e WHERE",
                                    "e JOIN " + r[0] + ".outbox_delivery d ON d.event_id = e.id AND d.subscriber = '"
                                            + r[2] + "' WHERE")),
                    "events delivered: " + route);
            assertEquals(
                    n,
                    count("SELECT count(*) "
                            + events.replace(
                                    "e WHERE",
                                    "e JOIN " + r[2] + ".inbox i ON i.event_id = e.source || '/' || e.id WHERE")),
                    "events received: " + route);
        }
        for (String publisher : List.of("mesh", "cluster")) {
            assertEquals(
                    routes.stream().filter(r -> r[0].equals(publisher)).count()
                            * (publisher.equals("mesh") ? meshes.size() : meshOf.size()),
                    count("SELECT count(*) FROM " + publisher + ".outbox_delivery"),
                    "one delivery per event and subscriber from " + publisher);
        }
        assertEquals(Map.of(), query("SELECT mesh_id, cluster_id FROM mesh.mesh_membership"));
        Map<String, String> allDeleted = new TreeMap<>();
        meshes.forEach(id -> allDeleted.put(id, "true"));
        assertEquals(allDeleted, query("SELECT id, deleted::text FROM observability.mesh"));
        assertEquals(Map.of(), query("SELECT cluster_id, mesh_id FROM observability.mesh_member"));
    }

    // --- the calls --------------------------------------------------------------------------------------------------

    <T extends AcsResponse> T call(int gateway, AcsRequest<T> request) throws ClientException {
        request.setSysEndpoint(gateways.get(gateway));
        request.setSysProtocol(ProtocolType.HTTP);
        return new DefaultAcsClient(
                        DefaultProfile.getProfile("cn-hangzhou", endpoint.accessKeyId(), endpoint.accessKeySecret()))
                .getAcsResponse(request);
    }

    /** "200", or the error code the gateway answered. */
    String outcome(int gateway, AcsRequest<? extends AcsResponse> request) {
        try {
            call(gateway, request);
            return "200";
        } catch (ClientException e) {
            return e.getErrCode();
        }
    }

    String createMesh(int gateway, String name) throws ClientException {
        CreateServiceMeshRequest create = new CreateServiceMeshRequest();
        create.setName(name);
        create.setVpcId("vpc-replicas");
        create.setVSwitches("[\"vsw-replicas\"]");
        return call(gateway, create).getServiceMeshId();
    }

    String addCluster(int gateway, String mesh, String cluster) {
        AddClusterIntoServiceMeshRequest add = new AddClusterIntoServiceMeshRequest();
        add.setServiceMeshId(mesh);
        add.setClusterId(cluster);
        return outcome(gateway, add);
    }

    String removeCluster(int gateway, String mesh, String cluster) {
        RemoveClusterFromServiceMeshRequest remove = new RemoveClusterFromServiceMeshRequest();
        remove.setServiceMeshId(mesh);
        remove.setClusterId(cluster);
        return outcome(gateway, remove);
    }

    String deleteMesh(int gateway, String mesh, boolean force) {
        DeleteServiceMeshRequest delete = new DeleteServiceMeshRequest();
        delete.setServiceMeshId(mesh);
        delete.setForce(force);
        return outcome(gateway, delete);
    }

    DescribeServiceMeshDetailResponse.ServiceMesh detail(int gateway, String id) throws ClientException {
        DescribeServiceMeshDetailRequest r = new DescribeServiceMeshDetailRequest();
        r.setServiceMeshId(id);
        return call(gateway, r).getServiceMesh();
    }

    record Member(String id, String state) {}

    List<Member> clustersIn(int gateway, String mesh) throws ClientException {
        DescribeClustersInServiceMeshRequest r = new DescribeClustersInServiceMeshRequest();
        r.setServiceMeshId(mesh);
        return call(gateway, r).getClusters().stream()
                .map(c -> new Member(c.getClusterId(), c.getState()))
                .toList();
    }

    DescribeServiceMeshDetailResponse.ServiceMesh awaitRunning(int gateway, String id) {
        return await("mesh " + id + " to run")
                .until(
                        () -> detail(gateway, id),
                        m -> "running".equals(m.getServiceMeshInfo().getState()));
    }

    void awaitMember(String mesh, String cluster) {
        await(cluster + " to run in " + mesh)
                .until(() -> clustersIn(1, mesh).equals(List.of(new Member(cluster, "running")))
                        && detail(0, mesh).getClusters().equals(List.of(cluster)));
    }

    /** A new simulated cluster, registered through that gateway (RegisterCluster). */
    String register(int gateway, String name) throws Exception {
        HttpResponse<String> made = http.send(
                HttpRequest.newBuilder(URI.create(layout.url(layout.simulatorPort()) + "/clusters"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, made.statusCode(), made.body());
        String form = RpcV1Signer.sign(
                "POST",
                "RegisterCluster",
                endpoint.accessKeyId(),
                endpoint.accessKeySecret(),
                Map.of(
                        "ClusterId",
                        name,
                        "VpcId",
                        "vpc-replicas",
                        "Kubeconfig",
                        json.readTree(made.body()).path("kubeconfig").asText()));
        HttpResponse<String> registered = post(gateways.get(gateway), form);
        assertEquals(200, registered.statusCode(), registered.body());
        return name;
    }

    HttpResponse<String> post(String gateway, String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://" + gateway + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The simulator's clusters by name, and how many have each name. */
    Map<String, Long> simulatedClusterNames() throws Exception {
        Map<String, Long> names = new TreeMap<>();
        for (JsonNode c : simulated()) {
            names.merge(c.path("name").asText(), 1L, Long::sum);
        }
        return names;
    }

    static Map<String, Long> onlyMeshes(Map<String, Long> names, List<String> meshes) {
        Map<String, Long> left = new TreeMap<>(names);
        left.keySet().retainAll(meshes);
        return left;
    }

    JsonNode simulated() throws Exception {
        return json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(layout.url(layout.simulatorPort()) + "/clusters"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    String memberKubeconfig(String cluster) throws Exception {
        for (JsonNode c : simulated()) {
            if (c.path("name").asText().equals(cluster)) {
                return c.path("kubeconfig").asText();
            }
        }
        throw new AssertionError("no simulated cluster " + cluster);
    }

    /** The sidecar injectors on a member cluster: which cluster each injects for. */
    List<String> injectors(String cluster) throws Exception {
        try (KubernetesClient member = kube(memberKubeconfig(cluster))) {
            return member.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
                    .map(w -> w.getWebhooks().get(0).getClientConfig().getUrl().replaceAll(".*:ENV:", ""))
                    .toList();
        }
    }

    /** The mesh API server as the simulator serves it (admin). */
    String meshAdminKubeconfig(String mesh) throws Exception {
        return memberKubeconfig(mesh);
    }

    /** The remote secrets on the mesh API server, as the mesh owner sees them. */
    List<String> remoteSecrets(String mesh) throws Exception {
        DescribeServiceMeshKubeconfigRequest kc = new DescribeServiceMeshKubeconfigRequest();
        kc.setServiceMeshId(mesh);
        kc.setPrivateIpAddress(true);
        try (KubernetesClient k = kube(meshAdminKubeconfig(mesh))) {
            assertNotEquals("", call(0, kc).getKubeconfig());
            return k.secrets().inNamespace("istio-system").list().getItems().stream()
                    .map(s -> s.getMetadata().getName())
                    .filter(name -> name.startsWith("istio-remote-secret-"))
                    .sorted()
                    .toList();
        }
    }

    static KubernetesClient kube(String kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(query("SELECT 'n', (" + sql + ")::text").get("n"));
    }

    /** Two-column rows as a sorted map, read as the database's superuser. */
    Map<String, String> query(String sql) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver()
                        .connect("jdbc:postgresql://127.0.0.1:" + layout.dbPort() + "/asm", login);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            Map<String, String> rows = new TreeMap<>();
            while (rs.next()) {
                assertEquals(null, rows.put(rs.getString(1), rs.getString(2)), "one row per key: " + sql);
            }
            return rows;
        }
    }

    // --- concurrency helpers ----------------------------------------------------------------------------------------

    interface Indexed<T> {
        T apply(int i) throws Exception;
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Runs every call at once and returns their results in order. */
    <T> List<T> all(List<Integer> indexes, Indexed<T> call) throws Exception {
        return all(indexes.stream().<Callable<T>>map(i -> () -> call.apply(i)).toList());
    }

    <T> List<T> all(List<Callable<T>> calls) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> f : pool.invokeAll(calls)) {
            results.add(f.get());
        }
        return results;
    }

    static boolean notFound(Callable<?> call) throws Exception {
        try {
            call.call();
            return false;
        } catch (ClientException e) {
            assertEquals("ServiceMesh.NotFound", e.getErrCode());
            return true;
        }
    }

    /**
     * What the replicas do in the background: seen within 60 s (eight JVMs share this machine's cores), looked at
     * every 200 ms.
     */
    static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }
}
