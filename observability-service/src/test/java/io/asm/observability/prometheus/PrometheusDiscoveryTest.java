package io.asm.observability.prometheus;

import static io.asm.observability.Eventually.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.common.kube.Kubeconfig;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.asm.observability.Events;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * DescribeClusterPrometheus: the operator's address for a cluster, else the LoadBalancer address of the member
 * cluster's Service istio-system/prometheus, read with the credential a stand-in cluster-service issues for a
 * simulated cluster; a clear error when the cluster has none.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInClusterService.class)
class PrometheusDiscoveryTest {

    private static final String ACCOUNT = "acc-prom";

    @Test
    void aConfiguredAddressWins() {
        String mesh = member("dp-configured");
        prometheus(mesh, "dp-configured")
                .then()
                .statusCode(200)
                .body("Prometheus", equalTo("http://prometheus.example:9090"));
    }

    @Test
    void theClustersPrometheusServiceIsDiscoveredThroughAShortLivedCredential() throws Exception {
        SimulatedCluster cluster = SimulatorResource.simulator().create("dp-prom", false);
        StandInClusterService.issue("dp-prom", cluster.kubeconfig());
        String ip;
        try (KubernetesClient client = clientOf(cluster)) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("istio-system")
                            .endMetadata()
                            .build())
                    .create();
            client.services()
                    .inNamespace("istio-system")
                    .resource(new ServiceBuilder()
                            .withNewMetadata()
                            .withName("prometheus")
                            .endMetadata()
                            .withNewSpec()
                            .withType("LoadBalancer")
                            .addNewPort()
                            .withName("http")
                            .withPort(9090)
                            .endPort()
                            .endSpec()
                            .build())
                    .create();
            await("the simulated kubelet gives the LoadBalancer an address", () -> ingressIp(client) != null);
            ip = ingressIp(client);
        }
        String mesh = member("dp-prom");
        prometheus(mesh, "dp-prom").then().statusCode(200).body("Prometheus", equalTo("http://" + ip + ":9090"));
        assertEquals(mesh, StandInClusterService.lastMesh("dp-prom"));
        // Without ServiceMeshId: the mesh the cluster is in.
        as().queryParam("K8sClusterId", "dp-prom")
                .get("/prometheus")
                .then()
                .statusCode(200)
                .body("Prometheus", equalTo("http://" + ip + ":9090"));
    }

    @Test
    void aClusterWithoutPrometheusSaysSo() throws Exception {
        SimulatedCluster cluster = SimulatorResource.simulator().create("dp-bare", false);
        StandInClusterService.issue("dp-bare", cluster.kubeconfig());
        String mesh = member("dp-bare");
        prometheus(mesh, "dp-bare")
                .then()
                .statusCode(404)
                .body("Code", equalTo("Prometheus.NotFound"))
                .body("Message", containsString("no Service prometheus in istio-system"));
    }

    @Test
    void onlyMemberClustersOfTheCallersMesh() {
        String mesh = member("dp-scoped");
        given().header("X-Asm-Internal-Token", Events.TOKEN)
                .header("X-Asm-Account-Id", "acc-other")
                .queryParam("ServiceMeshId", mesh)
                .queryParam("K8sClusterId", "dp-scoped")
                .get("/prometheus")
                .then()
                .statusCode(404)
                .body("Code", equalTo("ServiceMesh.NotFound"));
        prometheus(mesh, "dp-not-member").then().statusCode(404).body("Code", equalTo("Cluster.NotFound"));
        as().queryParam("ServiceMeshId", mesh)
                .get("/prometheus")
                .then()
                .statusCode(400)
                .body("Code", equalTo("MissingParameter"));
        // Known here, but cluster-service no longer has it in the mesh: not found either.
        String gone = member("dp-unknown-to-cluster-service");
        prometheus(gone, "dp-unknown-to-cluster-service")
                .then()
                .statusCode(404)
                .body("Code", equalTo("Cluster.NotFound"));
    }

    /** A new mesh of the account with the cluster attached. */
    private static String member(String clusterId) {
        String mesh = Events.newMeshId();
        Events.meshCreated(mesh, ACCOUNT);
        Events.attached(mesh, clusterId, ACCOUNT);
        return mesh;
    }

    private static RequestSpecification as() {
        return given().header("X-Asm-Internal-Token", Events.TOKEN).header("X-Asm-Account-Id", ACCOUNT);
    }

    private static Response prometheus(String mesh, String cluster) {
        return as().queryParam("ServiceMeshId", mesh)
                .queryParam("K8sClusterId", cluster)
                .get("/prometheus");
    }

    private static KubernetesClient clientOf(SimulatedCluster cluster) {
        return new KubernetesClientBuilder()
                .withConfig(Kubeconfig.parse(cluster.kubeconfig()).toConfig(5000, 5000))
                .build();
    }

    private static String ingressIp(KubernetesClient client) {
        Service s = client.services()
                .inNamespace("istio-system")
                .withName("prometheus")
                .get();
        return s.getStatus() == null
                        || s.getStatus().getLoadBalancer() == null
                        || s.getStatus().getLoadBalancer().getIngress() == null
                        || s.getStatus().getLoadBalancer().getIngress().isEmpty()
                ? null
                : s.getStatus().getLoadBalancer().getIngress().get(0).getIp();
    }
}
