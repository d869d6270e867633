package io.asm.observability;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;

import io.asm.devkit.InternalCaller;
import io.asm.devkit.PackagedAppResource;
import io.asm.devkit.PackagedServiceTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged observability-service (jar, or native executable in the native profile): health, and the membership
 * events it reads from CloudEvents (typed records) turned into DescribeClusterGrafana's links.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PackagedAppResource.class)
class ObservabilityServiceIT extends PackagedServiceTest {

    @Test
    void aMemberClusterGetsItsGrafanaLinks() {
        String mesh = Events.newMeshId();
        String account = "it-" + mesh.substring(1, 9);
        Events.meshCreated(mesh, account);
        Events.attached(mesh, "c-it-cluster", account);
        InternalCaller.as(account)
                .queryParam("ServiceMeshId", mesh)
                .queryParam("K8sClusterId", "c-it-cluster")
                .get("/grafana")
                .then()
                .statusCode(200)
                .body("Dashboards", not(empty()))
                .body("Dashboards.Url", everyItem(containsString(mesh)));
        InternalCaller.as(account)
                .queryParam("ServiceMeshId", mesh)
                .queryParam("K8sClusterId", "c-not-a-member")
                .get("/grafana")
                .then()
                .statusCode(404);
    }
}
