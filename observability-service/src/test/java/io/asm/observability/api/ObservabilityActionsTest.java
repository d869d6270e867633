package io.asm.observability.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.asm.devkit.PostgresResource;
import io.asm.observability.Events;
import io.asm.observability.grafana.StandInGrafana;
import io.asm.observability.prometheus.StandInClusterService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** DescribeClusterGrafana and DescribeGuestClusterAccessLogDashboards: exact links, scoped by account and membership. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInGrafana.class)
@QuarkusTestResource(StandInClusterService.class)
class ObservabilityActionsTest {

    /** %test.asm.observability.grafana-url. */
    private static final String GRAFANA = "http://grafana.test:3000";

    static RequestSpecification as(String account) {
        return given().header("X-Asm-Internal-Token", Events.TOKEN)
                .header("X-Asm-Account-Id", account)
                .header("X-Asm-Region-Id", "cn-hangzhou")
                .header("X-Asm-Request-Id", "REQ-1");
    }

    @Test
    void grafanaLinksNameEachDashboardOfTheMeshPresetToTheCluster() {
        String mesh = Events.newMeshId();
        Events.meshCreated(mesh, "acc-1");
        Events.attached(mesh, "dp-1", "acc-1");
        String query = "?var-cluster=dp-1&var-mesh=" + mesh;
        as("acc-1")
                .queryParam("ServiceMeshId", mesh)
                .queryParam("K8sClusterId", "dp-1")
                .get("/grafana")
                .then()
                .statusCode(200)
                .body(
                        "Dashboards.Title",
                        contains(
                                "Istio Mesh Dashboard",
                                "Istio Service Dashboard",
                                "Istio Workload Dashboard",
                                "Istio Performance Dashboard",
                                "Istio Control Plane Dashboard"))
                .body(
                        "Dashboards.Url",
                        contains(
                                GRAFANA + "/d/mesh-" + mesh + "/istio-mesh-dashboard" + query,
                                GRAFANA + "/d/svc-" + mesh + "/istio-service-dashboard" + query,
                                GRAFANA + "/d/wkld-" + mesh + "/istio-workload-dashboard" + query,
                                GRAFANA + "/d/perf-" + mesh + "/istio-performance-dashboard" + query,
                                GRAFANA + "/d/ctrl-" + mesh + "/istio-control-plane-dashboard" + query));
    }

    @Test
    void accessLogDashboardOfAMemberCluster() {
        String mesh = Events.newMeshId();
        Events.meshCreated(mesh, "acc-2");
        Events.attached(mesh, "dp-2", "acc-2");
        as("acc-2")
                .get("/clusters/dp-2/access-log-dashboards")
                .then()
                .statusCode(200)
                .body("K8sClusterId", equalTo("dp-2"))
                .body("Dashboards", hasSize(1))
                .body("Dashboards[0].Title", equalTo("mesh-access-log_details_cn"))
                .body(
                        "Dashboards[0].Url",
                        equalTo(GRAFANA + "/d/alog-" + mesh + "/mesh-access-log-details-cn"
                                + "?var-cluster=dp-2&var-mesh=" + mesh));
        as("acc-other")
                .get("/clusters/dp-2/access-log-dashboards")
                .then()
                .statusCode(404)
                .body("Code", equalTo("Cluster.NotFound"));
        as("acc-2")
                .get("/clusters/dp-nowhere/access-log-dashboards")
                .then()
                .statusCode(404)
                .body("Code", equalTo("Cluster.NotFound"));
    }

    @Test
    void meshesAndClustersAreScopedByAccountAndMembership() {
        String mesh = Events.newMeshId();
        Events.meshCreated(mesh, "acc-3");
        Events.attached(mesh, "dp-3", "acc-3");
        grafana("acc-other", mesh, "dp-3")
                .then()
                .statusCode(404)
                .body("Code", equalTo("ServiceMesh.NotFound"))
                .body("Message", equalTo("The Service Mesh cluster does not exist."));
        grafana("acc-3", Events.newMeshId(), "dp-3")
                .then()
                .statusCode(404)
                .body("Code", equalTo("ServiceMesh.NotFound"));
        grafana("acc-3", mesh, "dp-elsewhere")
                .then()
                .statusCode(404)
                .body("Code", equalTo("Cluster.NotFound"))
                .body("Message", equalTo("The cluster dp-elsewhere is not in the service mesh " + mesh + "."));
        as("acc-3")
                .queryParam("ServiceMeshId", mesh)
                .get("/grafana")
                .then()
                .statusCode(400)
                .body("Code", equalTo("MissingParameter"));

        // A mesh without clusters exists; its clusters are not found. A deleted mesh is not found.
        String empty = Events.newMeshId();
        Events.meshCreated(empty, "acc-3");
        grafana("acc-3", empty, "dp-3").then().statusCode(404).body("Code", equalTo("Cluster.NotFound"));
        Events.detached(mesh, "dp-3", "acc-3");
        grafana("acc-3", mesh, "dp-3").then().statusCode(404).body("Code", equalTo("Cluster.NotFound"));
        Events.attached(mesh, "dp-3", "acc-3");
        grafana("acc-3", mesh, "dp-3").then().statusCode(200).body("Dashboards", hasSize(5));
        Events.meshDeleted(mesh, "acc-3");
        grafana("acc-3", mesh, "dp-3").then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
        as("acc-3")
                .get("/clusters/dp-3/access-log-dashboards")
                .then()
                .statusCode(404)
                .body("Code", equalTo("Cluster.NotFound"));
    }

    @Test
    void dashboardsAreServedForImportWithoutCredentials() {
        String mesh = Events.newMeshId();
        given().get("/dashboards")
                .then()
                .statusCode(200)
                .body("name", contains("mesh", "svc", "wkld", "perf", "ctrl", "alog"))
                .body("[0].uid", equalTo("asm-istio-mesh-dashboard"))
                .body("[0].url", equalTo("/dashboards/mesh"));
        given().get("/dashboards/svc")
                .then()
                .statusCode(200)
                .body("uid", equalTo("asm-istio-service-dashboard"))
                .body("title", equalTo("Istio Service Dashboard"))
                .body("templating.list[0].type", equalTo("datasource"));
        given().queryParam("ServiceMeshId", mesh)
                .get("/dashboards/alog")
                .then()
                .statusCode(200)
                .body("uid", equalTo("alog-" + mesh))
                .body("templating.list[0].query", equalTo("loki"))
                .body("templating.list.find { it.name == 'mesh' }.query", equalTo(mesh));
        given().queryParam("ServiceMeshId", "not-a-mesh")
                .get("/dashboards/mesh")
                .then()
                .statusCode(404);
        as("acc-1").get("/dashboards/nope").then().statusCode(404).body("Code", equalTo("NotFound"));
    }

    private static Response grafana(String account, String mesh, String cluster) {
        return as(account)
                .queryParam("ServiceMeshId", mesh)
                .queryParam("K8sClusterId", cluster)
                .get("/grafana");
    }
}
