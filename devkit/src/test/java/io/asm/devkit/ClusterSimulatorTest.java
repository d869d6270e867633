package io.asm.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.devkit.sim.ClusterSimulator;
import io.asm.devkit.sim.SimulatorServer;
import io.asm.istio.IstioCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterSimulatorTest {

    static ClusterSimulator simulator;
    static SimulatorServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        simulator = new ClusterSimulator("127.0.0.1", 50);
        server = new SimulatorServer(simulator, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        simulator.close();
    }

    static JsonNode createCluster(String name) throws Exception {
        return post(server, name);
    }

    @Test
    void serviceEntryCrudAndServerSideApplyThroughReturnedKubeconfig() throws Exception {
        JsonNode cluster = createCluster("mesh-a");
        assertEquals("mesh-a", cluster.get("name").asText());
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.get("kubeconfig").asText()))
                .build()) {
            var entries = client.genericKubernetesResources("networking.istio.io/v1", "ServiceEntry");
            client.resource(serviceEntry("http-vm", "hello", "http.hello.svc", "vm"))
                    .create();
            client.resource(serviceEntry("db", "hello", "db.hello.svc", "data")).create();

            List<GenericKubernetesResource> vms =
                    entries.inNamespace("hello").withLabel("tier", "vm").list().getItems();
            assertEquals(
                    List.of("http-vm"),
                    vms.stream().map(r -> r.getMetadata().getName()).toList());

            // Server-side apply: create when absent, update when present.
            GenericKubernetesResource applied = serviceEntry("applied", "hello", "applied.hello.svc", "vm");
            client.resource(applied).fieldManager("asm").forceConflicts().serverSideApply();
            String version = entries.inNamespace("hello")
                    .withName("applied")
                    .get()
                    .getMetadata()
                    .getResourceVersion();
            // The same apply again changes nothing, as on a real server: no write, the same resourceVersion.
            client.resource(applied).fieldManager("asm").forceConflicts().serverSideApply();
            assertEquals(
                    version,
                    entries.inNamespace("hello")
                            .withName("applied")
                            .get()
                            .getMetadata()
                            .getResourceVersion());
            GenericKubernetesResource changed = serviceEntry("applied", "hello", "changed.hello.svc", "vm");
            client.resource(changed).fieldManager("asm").forceConflicts().serverSideApply();
            GenericKubernetesResource read =
                    entries.inNamespace("hello").withName("applied").get();
            assertEquals(
                    List.of("changed.hello.svc"),
                    ((Map<?, ?>) read.getAdditionalProperties().get("spec")).get("hosts"));
            assertEquals(
                    2,
                    entries.inNamespace("hello")
                            .withLabel("tier", "vm")
                            .list()
                            .getItems()
                            .size());

            entries.inNamespace("hello").withName("http-vm").delete();
            assertNull(entries.inNamespace("hello").withName("http-vm").get());
            assertNotNull(entries.inNamespace("hello").withName("db").get());
        }
    }

    @Test
    void clustersAreIsolatedAndDeletable() throws Exception {
        JsonNode a = createCluster("a");
        JsonNode b = createCluster("b");
        try (KubernetesClient ca = client(a);
                KubernetesClient cb = client(b)) {
            ca.resource(serviceEntry("only-a", "hello", "a.svc", "x")).create();
            assertNull(cb.genericKubernetesResources("networking.istio.io/v1", "ServiceEntry")
                    .inNamespace("hello")
                    .withName("only-a")
                    .get());
        }
        HttpResponse<String> del = http.send(
                HttpRequest.newBuilder(URI.create(
                                server.url() + "/clusters/" + a.get("id").asText()))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, del.statusCode());
        HttpResponse<String> gone = http.send(
                HttpRequest.newBuilder(URI.create(
                                server.url() + "/clusters/" + a.get("id").asText()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, gone.statusCode());
    }

    @Test
    void kubeletMakesWorkloadsAvailableAndGivesLoadBalancersAnAddress() throws Exception {
        JsonNode cluster = createCluster("workloads");
        try (KubernetesClient client = client(cluster)) {
            client.apps()
                    .deployments()
                    .inNamespace("istio-system")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("istiod")
                            .withNamespace("istio-system")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(2)
                            .withNewSelector()
                            .addToMatchLabels("app", "istiod")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "istiod")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("discovery")
                            .withImage("istio/pilot")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
            client.services()
                    .inNamespace("istio-system")
                    .resource(new ServiceBuilder()
                            .withNewMetadata()
                            .withName("istiod-lb")
                            .withNamespace("istio-system")
                            .endMetadata()
                            .withNewSpec()
                            .withType("LoadBalancer")
                            .addNewPort()
                            .withPort(15012)
                            .endPort()
                            .endSpec()
                            .build())
                    .create();
            var deployment = client.apps()
                    .deployments()
                    .inNamespace("istio-system")
                    .withName("istiod")
                    .waitUntilCondition(
                            d -> d.getStatus() != null
                                    && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()),
                            10,
                            TimeUnit.SECONDS);
            assertEquals(2, deployment.getStatus().getAvailableReplicas());
            var svc = client.services()
                    .inNamespace("istio-system")
                    .withName("istiod-lb")
                    .waitUntilCondition(
                            s -> s.getStatus() != null
                                    && s.getStatus().getLoadBalancer() != null
                                    && !s.getStatus()
                                            .getLoadBalancer()
                                            .getIngress()
                                            .isEmpty(),
                            10,
                            TimeUnit.SECONDS);
            assertTrue(svc.getStatus()
                    .getLoadBalancer()
                    .getIngress()
                    .get(0)
                    .getIp()
                    .startsWith("192.0.2."));
        }
    }

    @Test
    void serviceAccountTokenSecretsGetATokenAppliedOrCreated() throws Exception {
        JsonNode cluster = createCluster("tokens");
        try (KubernetesClient client = client(cluster)) {
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("reader-token")
                            .withNamespace("default")
                            .addToAnnotations("kubernetes.io/service-account.name", "reader")
                            .endMetadata()
                            .withType("kubernetes.io/service-account-token")
                            .build())
                    .fieldManager("test")
                    .serverSideApply();
            var secret = client.secrets()
                    .inNamespace("default")
                    .withName("reader-token")
                    .waitUntilCondition(
                            s -> s.getData() != null && s.getData().containsKey("token"), 10, TimeUnit.SECONDS);
            assertTrue(new String(Base64.getDecoder().decode(secret.getData().get("token"))).startsWith("sim."));
        }
    }

    @Test
    void discoveryLetsKubectlResolveKindsAndShortNames() throws Exception {
        JsonNode cluster = createCluster("discovered");
        try (KubernetesClient client = client(cluster)) {
            var groups = client.getApiGroups().getGroups().stream()
                    .map(g -> g.getName())
                    .toList();
            assertTrue(
                    groups.containsAll(List.of("apps", "rbac.authorization.k8s.io", "networking.istio.io")),
                    "" + groups);
            var namespaces = client.getApiResources("v1").getResources().stream()
                    .filter(r -> r.getName().equals("namespaces"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(List.of("ns"), namespaces.getShortNames());
            assertEquals(false, namespaces.getNamespaced());
            // The server's own CRDs, with their short names: kubectl get vs.
            var virtualServices = client.getApiResources("networking.istio.io/v1").getResources().stream()
                    .filter(r -> r.getName().equals("virtualservices"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("VirtualService", virtualServices.getKind());
            assertTrue(virtualServices.getNamespaced());
            assertTrue(virtualServices.getShortNames().contains("vs"), "" + virtualServices.getShortNames());
        }
        String api = cluster.get("apiServerUrl").asText();
        assertEquals(404, get(api + "/apis/no.such.group/v1").statusCode());
        // kubectl reads answers without a media type as the protobuf it asks for first.
        var list = get(api + "/api/v1/namespaces");
        assertEquals(200, list.statusCode());
        assertEquals(
                "application/json", list.headers().firstValue("Content-Type").orElse(""));
        // An empty schema document: kubectl apply validates nothing rather than refusing.
        var openApi = get(api + "/openapi/v2");
        assertEquals(200, openApi.statusCode());
        assertEquals("", openApi.body());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void versionEndpointAnswers() throws Exception {
        try (KubernetesClient client = client(createCluster("v"))) {
            assertEquals("1", client.getKubernetesVersion().getMajor());
            assertEquals("30", client.getKubernetesVersion().getMinor());
        }
    }

    @Test
    void clustersAndTheirObjectsSurviveARestart() throws Exception {
        Path state = Files.createTempDirectory("sim").resolve("state.json");
        String kubeconfig;
        try (ClusterSimulator first = new ClusterSimulator("127.0.0.1", 50, state)) {
            var cluster = first.create("durable", true);
            kubeconfig = cluster.kubeconfig();
            try (KubernetesClient k = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(kubeconfig))
                    .build()) {
                k.resource(serviceEntry("kept", "hello", "kept.svc", "vm")).create();
            }
        }
        try (ClusterSimulator second = new ClusterSimulator("127.0.0.1", 50, state);
                KubernetesClient k = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(kubeconfig))
                        .build()) {
            assertEquals(1, second.list().size());
            var kept = k.genericKubernetesResources("networking.istio.io/v1", "ServiceEntry")
                    .inNamespace("hello")
                    .withName("kept")
                    .get();
            assertNotNull(kept, "the same kubeconfig reaches the restored object");
            assertEquals(
                    List.of("kept.svc"),
                    ((Map<?, ?>) kept.getAdditionalProperties().get("spec")).get("hosts"));
        }
    }

    @Test
    void istioCrdsAreStoredOnceAndTheStateFileHoldsOnlyWhatUsersWrote() throws Exception {
        Path state = Files.createTempDirectory("sim").resolve("state.json");
        int crds = IstioCrds.all().size();
        String applied;
        String seeded;
        try (ClusterSimulator first = new ClusterSimulator("127.0.0.1", 50, state)) {
            // A mesh API server gets the CRDs applied by mesh-service; a data-plane cluster is made with them.
            applied = first.create("applied", false).kubeconfig();
            seeded = first.create("seeded", true).kubeconfig();
            // The second server gets the same apply bodies: it takes the shared CRDs in without parsing them.
            String appliedAgain = first.create("applied-again", false).kubeconfig();
            for (String kubeconfig : List.of(applied, appliedAgain)) {
                try (KubernetesClient k = clientOf(kubeconfig)) {
                    IstioCrds.all()
                            .forEach(crd -> k.resource(crd)
                                    .fieldManager("asm")
                                    .forceConflicts()
                                    .serverSideApply());
                    var stored = k.apiextensions().v1().customResourceDefinitions();
                    assertEquals(crds, stored.list().getItems().size());
                    var crd = IstioCrds.all().get(crds - 1);
                    assertEquals(
                            crd.getSpec(),
                            stored.withName(crd.getMetadata().getName()).get().getSpec());
                }
            }
            try (KubernetesClient k = clientOf(applied)) {
                k.resource(serviceEntry("mine", "default", "mine.svc", "vm")).create();
            }
        }
        // The two servers' CRDs (about 1 MB each) are not in the file: only their names and the users' objects.
        assertTrue(Files.size(state) < 64 * 1024, "state file of " + Files.size(state) + " bytes");
        try (ClusterSimulator second = new ClusterSimulator("127.0.0.1", 50, state)) {
            for (String kubeconfig : List.of(applied, seeded)) {
                try (KubernetesClient k = clientOf(kubeconfig)) {
                    assertEquals(
                            crds,
                            k.apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .list()
                                    .getItems()
                                    .size());
                    k.resource(serviceEntry("after-restart", "default", "after.svc", "vm"))
                            .create();
                    assertNotNull(k.genericKubernetesResources("networking.istio.io/v1", "ServiceEntry")
                            .inNamespace("default")
                            .withName("after-restart")
                            .get());
                }
            }
            try (KubernetesClient k = clientOf(applied)) {
                assertNotNull(k.genericKubernetesResources("networking.istio.io/v1", "ServiceEntry")
                        .inNamespace("default")
                        .withName("mine")
                        .get());
            }
        }
    }

    @Test
    void aFullSimulatorRefusesNewServersAndTakesThemAgainWhenOneIsDeleted() throws Exception {
        try (ClusterSimulator small = new ClusterSimulator("127.0.0.1", 50, null, 2);
                SimulatorServer api = new SimulatorServer(small, "127.0.0.1", 0)) {
            String first = post(api, "one").path("id").asText();
            post(api, "two");
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create(api.url() + "/clusters"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"three\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode());
            assertTrue(json.readTree(refused.body()).path("error").asText().contains("full"), refused.body());
            assertEquals(2, small.list().size());
            assertTrue(small.delete(first));
            assertEquals("three", post(api, "three").path("name").asText());
        }
    }

    static JsonNode post(SimulatorServer api, String name) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api.url() + "/clusters"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    static KubernetesClient clientOf(String kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    static KubernetesClient client(JsonNode cluster) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.get("kubeconfig").asText()))
                .build();
    }

    static GenericKubernetesResource serviceEntry(String name, String ns, String host, String tier) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("networking.istio.io/v1")
                .withKind("ServiceEntry")
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("tier", tier)
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "hosts",
                                List.of(host),
                                "location",
                                "MESH_INTERNAL",
                                "resolution",
                                "STATIC",
                                "ports",
                                List.of(Map.of("number", 80, "name", "http", "protocol", "HTTP"))))
                .build();
    }
}
