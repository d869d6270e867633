package io.asm.mesh;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.asm.devkit.InternalCaller;
import io.asm.devkit.PackagedAppResource;
import io.asm.devkit.PackagedServiceTest;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged mesh-service (jar, or native executable in the native profile): health, and CreateServiceMesh
 * recorded (its MeshCreated event written to the outbox) and listed by DescribeServiceMeshes.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PackagedAppResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshServiceIT extends PackagedServiceTest {

    @Test
    void aCreatedMeshIsListed() {
        String id = InternalCaller.as("it-account")
                .body(Map.of("RegionId", "cn-hangzhou", "VpcId", "vpc-it", "VSwitches", "[\"vsw-it\"]"))
                .post("/meshes")
                .then()
                .statusCode(200)
                .body("ServiceMeshId", startsWith("c"))
                .extract()
                .path("ServiceMeshId");
        InternalCaller.as("it-account")
                .get("/meshes")
                .then()
                .statusCode(200)
                .body("TotalCount", equalTo(1))
                .body("ServiceMeshes[0].ServiceMeshInfo.ServiceMeshId", equalTo(id))
                .body("ServiceMeshes[0].ServiceMeshInfo.RegionId", equalTo("cn-hangzhou"));
        InternalCaller.as("it-account")
                .get("/meshes/c00000000000000000000000000000000")
                .then()
                .statusCode(404)
                .body("Code", equalTo("ServiceMesh.NotFound"));
    }
}
