package io.asm.common.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.asm.devkit.sim.ClusterSimulator;
import io.asm.devkit.sim.SimulatedCluster;
import io.asm.istio.IstioCrds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

    static ClusterSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = new ClusterSimulator("127.0.0.1", 1_000);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aPreparedObjectIsStoredAsTheTypedApplyStoresItAndARepeatChangesNothing() throws Exception {
        SimulatedCluster cluster = simulator.create("prepared", false);
        try (KubernetesClient k = KubeClients.build(cluster.kubeconfig())) {
            List<CustomResourceDefinition> bundle = IstioCrds.all();
            bundle.forEach(crd -> ServerSideApply.apply(k, ServerSideApply.Prepared.of(crd)));

            var crds = k.apiextensions().v1().customResourceDefinitions();
            assertEquals(bundle.size(), crds.list().getItems().size());
            CustomResourceDefinition first = bundle.get(0);
            CustomResourceDefinition stored =
                    crds.withName(first.getMetadata().getName()).get();
            assertEquals(first.getSpec(), stored.getSpec());

            // Applying the same again is no write: the object keeps its resourceVersion.
            ServerSideApply.apply(k, ServerSideApply.Prepared.of(first));
            assertEquals(
                    stored.getMetadata().getResourceVersion(),
                    crds.withName(first.getMetadata().getName())
                            .get()
                            .getMetadata()
                            .getResourceVersion());
            // A change is one.
            CustomResourceDefinition changed = new CustomResourceDefinitionBuilder(first)
                    .editSpec()
                    .editNames()
                    .withShortNames("changed")
                    .endNames()
                    .endSpec()
                    .build();
            ServerSideApply.apply(k, ServerSideApply.Prepared.of(changed));
            CustomResourceDefinition after =
                    crds.withName(first.getMetadata().getName()).get();
            assertEquals(List.of("changed"), after.getSpec().getNames().getShortNames());
            assertNotEquals(
                    stored.getMetadata().getResourceVersion(),
                    after.getMetadata().getResourceVersion());

            // The core group's path has no group: /api/v1/namespaces/<name>.
            ServerSideApply.Prepared namespace = ServerSideApply.Prepared.of(new NamespaceBuilder()
                    .withNewMetadata()
                    .withName("prepared-ns")
                    .endMetadata()
                    .build());
            assertEquals("api/v1/namespaces/prepared-ns", namespace.path());
            ServerSideApply.apply(k, namespace);
            assertEquals(
                    "prepared-ns",
                    k.namespaces().withName("prepared-ns").get().getMetadata().getName());
        }
    }

    /** What goes on the wire, as a real API server would see it: method, path, query, media type, credentials. */
    @Test
    void aPreparedApplyIsAnApplyPatchWithTheClientsCredentials() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " | "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " | "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " | "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        try {
            String kubeconfig = """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: c
                      cluster:
                        server: http://127.0.0.1:%d
                    contexts:
                    - name: c
                      context: {cluster: c, user: u}
                    current-context: c
                    users:
                    - name: u
                      user: {token: s3cr3t-token}
                    """.formatted(server.getAddress().getPort());
            try (KubernetesClient k = KubeClients.build(kubeconfig)) {
                ServerSideApply.apply(k, new ServerSideApply.Prepared("apis/g.example/v1/things/x", "{\"a\":1}"));
            }
            assertEquals(
                    List.of("PATCH /apis/g.example/v1/things/x?fieldManager=asm-common-test&force=true"
                            + " | application/apply-patch+yaml | Bearer s3cr3t-token | {\"a\":1}"),
                    seen);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedOrUnreachableApplyFailsWithTheReason() throws Exception {
        SimulatedCluster cluster = simulator.create("refusing", false);
        try (KubernetesClient k = KubeClients.build(cluster.kubeconfig())) {
            KubernetesClientException refused = assertThrows(
                    KubernetesClientException.class,
                    () -> ServerSideApply.apply(
                            k, new ServerSideApply.Prepared("apis/no.such.group/v1/things/x", "{\"kind\":\"Thing\"}")));
            assertTrue(refused.getCode() >= 400 && refused.getCode() < 500, "status " + refused.getCode());
            assertTrue(
                    refused.getMessage()
                            .startsWith(
                                    "Apply of apis/no.such.group/v1/things/x refused (" + refused.getCode() + "): "),
                    refused.getMessage());
            assertEquals(refused.getCode(), refused.getStatus().getCode());

            simulator.delete(cluster.id());
            long started = System.nanoTime();
            assertThrows(
                    KubernetesClientException.class,
                    () -> ServerSideApply.apply(
                            k, ServerSideApply.Prepared.of(IstioCrds.all().get(0))));
            assertTrue(System.nanoTime() - started < 30_000_000_000L, "bounded by the client's timeouts");
        }
    }
}
