package io.asm.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the control plane cannot be had, meshes end in their failure states with the reason, after bounded retries. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(FailingControlPlaneTest.Unreachable.class)
class FailingControlPlaneTest {

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "asm.mesh.simulator-url",
                    "http://127.0.0.1:1",
                    "asm.mesh.max-attempts",
                    "3",
                    "asm.mesh.initial-backoff",
                    "50ms",
                    "asm.mesh.max-backoff",
                    "100ms");
        }
    }

    @Test
    void creationEndsInFailedWithTheReason() throws Exception {
        String id = MeshLifecycleTest.create("5151", MeshLifecycleTest.meshParams());
        Response r = MeshLifecycleTest.awaitState("5151", id, "failed");
        String error = r.path("ServiceMesh.ServiceMeshInfo.ErrorMessage");
        assertTrue(error.contains("Connection refused") || error.contains("ConnectException"), error);
    }

    @Test
    void anUpgradeThatCannotBeAppliedEndsInUpgradingFailed() throws Exception {
        // A mesh that was running, whose control plane has become unreachable, is told to upgrade.
        String id = MeshLifecycleTest.create(
                "5252", MeshLifecycleTest.meshParams("IstioVersion", "v1.30.5.1-ga795090b-aliyun"));
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement("UPDATE mesh.mesh SET state = 'running', attempts = 0 WHERE id = ?")) {
            ps.setString(1, id);
            assertEquals(1, ps.executeUpdate());
        }
        // The UPDATE waited for any reconcile holding the row; a running mesh is left alone until told otherwise.
        MeshLifecycleTest.as("5252")
                .body(Map.of())
                .post("/meshes/" + id + "/upgrade")
                .then()
                .statusCode(200);
        Response r = MeshLifecycleTest.awaitState("5252", id, "upgrading_failed");
        String error = r.path("ServiceMesh.ServiceMeshInfo.ErrorMessage");
        assertTrue(error.contains("Connection refused") || error.contains("ConnectException"), error);
        assertEquals("v1.31.0.1-g3d5f93b8-aliyun", r.path("ServiceMesh.ServiceMeshInfo.Version"));
    }
}
