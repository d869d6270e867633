package io.asm.cluster;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.asm.devkit.InternalCaller;
import io.asm.devkit.PackagedAppResource;
import io.asm.devkit.PackagedServiceTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged cluster-service (jar, or native executable in the native profile): health, DescribeServiceMeshClusters
 * of an account with none, and a bad page refused with the official envelope.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PackagedAppResource.class)
class ClusterServiceIT extends PackagedServiceTest {

    @Test
    void registeredClustersArePaged() {
        InternalCaller.as("it-account")
                .get("/clusters")
                .then()
                .statusCode(200)
                .body("Clusters", empty())
                .body("NumberOfClusters", equalTo(0));
        InternalCaller.as("it-account")
                .queryParam("Limit", 0)
                .get("/clusters")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"))
                .body("Message", containsString("Limit"));
    }
}
