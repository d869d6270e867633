package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.servicemesh.model.v20200111.AddClusterIntoServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.CreateServiceMeshRequest;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The observability actions through the gateway with the core SDK 1.1.0, on a running suite: a simulated cluster
 * joins a mesh, observability-service learns it from cluster-service's event, and the SDK parses the dashboards'
 * exact links; DescribeClusterPrometheus finds Istio's Prometheus addon in the member cluster through cluster-service's
 * short-lived credential.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityE2ETest {

    private static final String GRAFANA = "http://grafana.e2e.example:3000";
    private static final String CLUSTER = "c-obs-dp";

    Suite suite;
    SuiteLayout layout;
    String host;
    DefaultAcsClient client;

    @BeforeAll
    void up() throws Exception {
        // Fixed ports of this test's own, below the kernel's ephemeral range (32768-60999): no client socket holds
        // them.
        Map<String, String> env = new HashMap<>(Map.of(
                "ASM_HOME",
                Files.createTempDirectory("asm-e2e-obs").toString(),
                "ASM_GATEWAY_PORT",
                "30080",
                "ASM_MESH_PORT",
                "30081",
                "ASM_CLUSTER_PORT",
                "30082",
                "ASM_OBSERVABILITY_PORT",
                "30083",
                "ASM_VM_PORT",
                "30084",
                "ASM_SIMULATOR_PORT",
                "30090",
                "ASM_DB_PORT",
                "30432"));
        env.put("ASM_GRAFANA_URL", GRAFANA);
        layout = SuiteLayout.fromEnvironment(SuiteLayout.findRepo(Path.of("")), env);
        suite = new Suite(layout, env, new PrintStream(new ByteArrayOutputStream()));
        Suite.Endpoint endpoint = suite.up();
        host = endpoint.url().replace("http://", "");
        client = new DefaultAcsClient(
                DefaultProfile.getProfile("cn-hangzhou", endpoint.accessKeyId(), endpoint.accessKeySecret()));
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.reset();
        }
    }

    @Test
    void dashboardsOfAMemberClusterThroughTheGatewayWithTheCoreSdk() throws Exception {
        CreateServiceMeshRequest create = new CreateServiceMeshRequest();
        create.setVpcId("vpc-e2e");
        create.setVSwitches("[\"vsw-e2e\"]");
        String mesh = call(create).getServiceMeshId();
        eventually("the mesh runs", () -> "running".equals(detailState(mesh)));
        String kubeconfig = join(mesh);

        DescribeClusterGrafanaRequest grafana = new DescribeClusterGrafanaRequest();
        grafana.setServiceMeshId(mesh);
        grafana.setK8sClusterId(CLUSTER);
        eventually("observability-service learns the membership", () -> succeeds(grafana));
        List<DescribeClusterGrafanaResponse.Dashboard> dashboards =
                call(grafana).getDashboards();
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
                GRAFANA + "/d/mesh-" + mesh + "/istio-mesh-dashboard" + preset,
                dashboards.get(0).getUrl());
        assertEquals(
                GRAFANA + "/d/ctrl-" + mesh + "/istio-control-plane-dashboard" + preset,
                dashboards.get(4).getUrl());

        DescribeGuestClusterAccessLogDashboardsRequest accessLog = new DescribeGuestClusterAccessLogDashboardsRequest();
        accessLog.setK8sClusterId(CLUSTER);
        DescribeGuestClusterAccessLogDashboardsResponse logs = call(accessLog);
        assertEquals(CLUSTER, logs.getK8sClusterId());
        assertEquals(1, logs.getDashboards().size());
        assertEquals("mesh-access-log_details_cn", logs.getDashboards().get(0).getTitle());
        assertEquals(
                GRAFANA + "/d/alog-" + mesh + "/mesh-access-log-details-cn" + preset,
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
                        .equals(call(new DescribeClustersInServiceMeshRequest() {
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
        assertEquals(address, call(prometheus).getPrometheus());
        prometheus.setK8sClusterId("c-not-a-member");
        assertEquals(
                "Cluster.NotFound",
                assertThrows(ClientException.class, () -> call(prometheus)).getErrCode());

        RemoveClusterFromServiceMeshRequest remove = new RemoveClusterFromServiceMeshRequest();
        remove.setServiceMeshId(mesh);
        remove.setClusterId(CLUSTER);
        assertEquals("200", call(remove).getCode());
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
                        HttpRequest.newBuilder(URI.create(layout.url(layout.simulatorPort()) + "/clusters"))
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
        assertEquals("200", call(add).getCode());
        return kubeconfig;
    }

    private JsonNode dashboardModel(String uid, String mesh) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(layout.url(layout.observabilityPort()) + "/dashboards/" + uid
                                        + "?ServiceMeshId=" + mesh))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private String detailState(String mesh) throws ClientException {
        DescribeServiceMeshDetailRequest detail = new DescribeServiceMeshDetailRequest();
        detail.setServiceMeshId(mesh);
        return call(detail).getServiceMesh().getServiceMeshInfo().getState();
    }

    private boolean succeeds(AcsRequest<?> request) {
        return errorOf(request).isEmpty();
    }

    /** The error code the request gets, empty when it succeeds. */
    private String errorOf(AcsRequest<?> request) {
        try {
            call(request);
            return "";
        } catch (ClientException e) {
            return e.getErrCode();
        }
    }

    private <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
        request.setSysEndpoint(host);
        request.setSysProtocol(ProtocolType.HTTP);
        return client.getAcsResponse(request);
    }

    private static void eventually(String what, Callable<Boolean> done) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(done);
    }
}
