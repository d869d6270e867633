package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.awaitState;
import static io.asm.mesh.MeshLifecycleTest.create;
import static io.asm.mesh.MeshLifecycleTest.meshParams;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Waiting for the control plane is bounded too: past max-wait a mesh gives up as after max-attempts. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@TestProfile(ImpatientControlPlaneTest.NoPatience.class)
class ImpatientControlPlaneTest {

    /** istiod is never available on the first look (the simulator's kubelet marks it later): any wait is too long. */
    public static class NoPatience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("asm.mesh.max-wait", "1ms");
        }
    }

    @Test
    void aMeshWhoseControlPlaneIsNotReadyInTimeEndsFailed() throws Exception {
        String id = create("6464", meshParams());
        Response failed = awaitState("6464", id, "failed");
        assertEquals(
                "Gave up after waiting 0 s for the control plane to be ready.",
                failed.path("ServiceMesh.ServiceMeshInfo.ErrorMessage"));
    }
}
