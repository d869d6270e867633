package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.servicemesh.model.v20200111.AddClusterIntoServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DeleteServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClusterGrafanaRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClusterGrafanaResponse;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClusterPrometheusRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClustersInServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeGuestClusterAccessLogDashboardsRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeGuestClusterAccessLogDashboardsResponse;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailRequest;
import com.aliyuncs.servicemesh.model.v20200111.RemoveClusterFromServiceMeshRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The observability actions through the gateway with the core SDK 1.1.0, on a running suite: a simulated cluster
 * joins a mesh, observability-service learns it from cluster-service's event, and the SDK parses the dashboards'
 * exact links; DescribeClusterPrometheus finds Istio's Prometheus addon in the member cluster through cluster-service's
 * short-lived credential.
 */
@ExtendWith(SharedSuite.class)
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityE2ETest {

    private static final String CLUSTER = "c-obs-dp";

    RunningSuite running;

    @BeforeAll
    void up(RunningSuite shared) {
        running = shared;
    }

    @Test
    void dashboardsOfAMemberClusterThroughTheGatewayWithTheCoreSdk() throws Exception {
        String mesh = running.createMesh();
        eventually("the mesh runs", () -> "running".equals(detailState(mesh)));
        String kubeconfig = join(mesh);

        DescribeClusterGrafanaRequest grafana = new DescribeClusterGrafanaRequest();
        grafana.setServiceMeshId(mesh);
        grafana.setK8sClusterId(CLUSTER);
        eventually("observability-service learns the membership", () -> succeeds(grafana));
        List<DescribeClusterGrafanaResponse.Dashboard> dashboards =
                running.admin(grafana).getDashboards();
        String preset = "?var-cluster=" + CLUSTER + "&var-mesh=" + mesh;
        assertEquals(
                List.of(
                        "Istio Mesh Dashboard",
                        "Istio Service Dashboard",
                        "Istio Workload Dashboard",
                        "Istio Performance Dashboard",
                        "Istio Control Plane Dashboard"),
                dashboards.stream()
                        .map(DescribeClusterGrafanaResponse.Dashboard::getTitle)
                        .toList());
        assertEquals(
                SharedSuite.GRAFANA + "/d/mesh-" + mesh + "/istio-mesh-dashboard" + preset,
                dashboards.get(0).getUrl());
        assertEquals(
                SharedSuite.GRAFANA + "/d/ctrl-" + mesh + "/istio-control-plane-dashboard" + preset,
                dashboards.get(4).getUrl());

        DescribeGuestClusterAccessLogDashboardsRequest accessLog = new DescribeGuestClusterAccessLogDashboardsRequest();
        accessLog.setK8sClusterId(CLUSTER);
        DescribeGuestClusterAccessLogDashboardsResponse logs = running.admin(accessLog);
        assertEquals(CLUSTER, logs.getK8sClusterId());
        assertEquals(1, logs.getDashboards().size());
        assertEquals("mesh-access-log_details_cn", logs.getDashboards().get(0).getTitle());
        assertEquals(
                SharedSuite.GRAFANA + "/d/alog-" + mesh + "/mesh-access-log-details-cn" + preset,
                logs.getDashboards().get(0).getUrl());

        // The dashboard a link names is served for import into the user's Grafana.
        JsonNode model = dashboardModel("mesh", mesh);
        assertEquals("mesh-" + mesh, model.path("uid").asText());
        assertEquals("Istio Mesh Dashboard", model.path("title").asText());

        DescribeClusterPrometheusRequest prometheus = new DescribeClusterPrometheusRequest();
        prometheus.setServiceMeshId(mesh);
        prometheus.setK8sClusterId(CLUSTER);
        eventually(
                "the cluster joins",
                () -> "running"
                        .equals(running.admin(new DescribeClustersInServiceMeshRequest() {
                                    {
                                        setServiceMeshId(mesh);
                                    }
                                })
                                .getClusters()
                                .get(0)
                                .getState()));
        assertEquals("Prometheus.NotFound", errorOf(prometheus), "no Prometheus in the cluster yet");
        // Istio's Prometheus addon appears in the cluster; found through cluster-service's short-lived credential.
        String address = prometheusAddonAppears(kubeconfig);
        assertEquals(address, running.admin(prometheus).getPrometheus());
        prometheus.setK8sClusterId("c-not-a-member");
        assertEquals(
                "Cluster.NotFound",
                assertThrows(ClientException.class, () -> running.admin(prometheus))
                        .getErrCode());

        RemoveClusterFromServiceMeshRequest remove = new RemoveClusterFromServiceMeshRequest();
        remove.setServiceMeshId(mesh);
        remove.setClusterId(CLUSTER);
        assertEquals("200", running.admin(remove).getCode());
        eventually("the cluster's dashboards go with it", () -> errorOf(grafana).equals("Cluster.NotFound"));
        DeleteServiceMeshRequest delete = new DeleteServiceMeshRequest();
        delete.setServiceMeshId(mesh);
        // mesh-service learns of the departure from the same event, perhaps a moment later.
        eventually("the mesh is deleted", () -> succeeds(delete));
        eventually("the deleted mesh is not found", () -> errorOf(grafana).equals("ServiceMesh.NotFound"));
    }

    /** Service {@code prometheus} in {@code istio-system}, as the addon makes it; its address once the kubelet gave one. */
    private static String prometheusAddonAppears(String kubeconfig) throws Exception {
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build()) {
            k.services()
                    .inNamespace("istio-system")
                    .resource(new ServiceBuilder()
                            .withNewMetadata()
                            .withName("prometheus")
                            .withNamespace("istio-system")
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
            eventually("the addon gets an address", () -> {
                var status = k.services()
                        .inNamespace("istio-system")
                        .withName("prometheus")
                        .get()
                        .getStatus();
                return status != null
                        && status.getLoadBalancer() != null
                        && status.getLoadBalancer().getIngress() != null
                        && !status.getLoadBalancer().getIngress().isEmpty();
            });
            return "http://"
                    + k.services()
                            .inNamespace("istio-system")
                            .withName("prometheus")
                            .get()
                            .getStatus()
                            .getLoadBalancer()
                            .getIngress()
                            .get(0)
                            .getIp()
                    + ":9090";
        }
    }

    /** A simulated data-plane cluster registered and added to the mesh, as the README shows; its kubeconfig. */
    private String join(String mesh) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(running.layout.url(running.layout.simulatorPort()) + "/clusters"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"obs-dp\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String kubeconfig =
                new ObjectMapper().readTree(created.body()).path("kubeconfig").asText();
        AddClusterIntoServiceMeshRequest add = new AddClusterIntoServiceMeshRequest() {
            {
                putBodyParameter("Kubeconfig", kubeconfig);
            }
        };
        add.setServiceMeshId(mesh);
        add.setClusterId(CLUSTER);
        assertEquals("200", running.admin(add).getCode());
        return kubeconfig;
    }

    private JsonNode dashboardModel(String uid, String mesh) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(running.layout.url(running.layout.observabilityPort())
                                        + "/dashboards/" + uid + "?ServiceMeshId=" + mesh))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private String detailState(String mesh) throws ClientException {
        DescribeServiceMeshDetailRequest detail = new DescribeServiceMeshDetailRequest();
        detail.setServiceMeshId(mesh);
        return running.admin(detail).getServiceMesh().getServiceMeshInfo().getState();
    }

    private boolean succeeds(AcsRequest<?> request) {
        return errorOf(request).isEmpty();
    }

    /** The error code the request gets, empty when it succeeds. */
    private String errorOf(AcsRequest<?> request) {
        try {
            running.admin(request);
            return "";
        } catch (ClientException e) {
            return e.getErrCode();
        }
    }

    private static void eventually(String what, Callable<Boolean> done) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(done);
    }
}
