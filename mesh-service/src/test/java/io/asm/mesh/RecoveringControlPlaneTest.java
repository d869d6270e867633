package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.awaitState;
import static io.asm.mesh.MeshLifecycleTest.create;
import static io.asm.mesh.MeshLifecycleTest.meshParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.SwitchableServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every transitional state has a bounded way out (docs/states.md): when the control plane cannot be reached an update
 * ends {@code failed} and an upgrade {@code upgrading_failed} after max-attempts, and once the cause is gone a
 * corrective UpdateMeshFeature brings the mesh back to running.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@TestProfile(RecoveringControlPlaneTest.FewAttempts.class)
class RecoveringControlPlaneTest {

    public static class FewAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "asm.mesh.max-attempts", "3", "asm.mesh.initial-backoff", "50ms", "asm.mesh.max-backoff", "100ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SimulatorOutage.class));
        }
    }

    /** The simulator's API behind a {@link SwitchableServer}: mesh-service provisions through it. */
    public static class SimulatorOutage implements QuarkusTestResourceLifecycleManager {
        static SwitchableServer gate;

        @Override
        public Map<String, String> start() {
            String simulator = new SimulatorResource().start().get("asm.simulator.url");
            try {
                gate = new SwitchableServer(simulator);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("asm.mesh.simulator-url", gate.url());
        }

        static void begin() {
            gate.answerWith(path -> new SwitchableServer.Reply(503, "{\"message\":\"simulated outage\"}"));
        }

        @Override
        public void stop() {
            gate.close();
        }
    }

    @AfterEach
    void outageOver() {
        SimulatorOutage.gate.passOn();
    }

    @Test
    void aFailedUpdateIsCorrectedByAnotherUpdate() throws Exception {
        String id = create("6161", meshParams());
        awaitState("6161", id, "running");

        SimulatorOutage.begin();
        as("6161")
                .body(Map.of("Tracing", true))
                .patch("/meshes/" + id + "/features")
                .then()
                .statusCode(200);
        Response failed = awaitState("6161", id, "failed");
        assertTrue(
                failed.<String>path("ServiceMesh.ServiceMeshInfo.ErrorMessage").contains("answered 503"),
                failed.asString());

        SimulatorOutage.gate.passOn();
        as("6161")
                .body(Map.of("TraceSampling", 7.5))
                .patch("/meshes/" + id + "/features")
                .then()
                .statusCode(200);
        Response running = awaitState("6161", id, "running");
        assertEquals("", running.path("ServiceMesh.ServiceMeshInfo.ErrorMessage"));
        assertEquals(true, running.path("ServiceMesh.Spec.MeshConfig.Tracing"), "the failed update's change is kept");
        assertEquals(7.5f, (Float) running.path("ServiceMesh.Spec.MeshConfig.Pilot.TraceSampling"));
        assertEquals(List.of("MeshCreated", "MeshRunning", "MeshUpdated"), MeshLifecycleTest.events(id));
    }

    @Test
    void aFailedUpgradeIsRetriedByAnUpdate() throws Exception {
        String id = create("6262", meshParams("IstioVersion", "v1.30.5.1-ga795090b-aliyun"));
        awaitState("6262", id, "running");

        SimulatorOutage.begin();
        as("6262").body(Map.of()).post("/meshes/" + id + "/upgrade").then().statusCode(200);
        awaitState("6262", id, "upgrading_failed");

        SimulatorOutage.gate.passOn();
        as("6262").body(Map.of()).patch("/meshes/" + id + "/features").then().statusCode(200);
        Response running = awaitState("6262", id, "running");
        assertEquals("v1.31.0.1-g3d5f93b8-aliyun", running.path("ServiceMesh.ServiceMeshInfo.Version"));
        assertEquals(List.of("MeshCreated", "MeshRunning", "MeshUpgraded"), MeshLifecycleTest.events(id));
    }

    @Test
    void aMeshThatFailedToBeCreatedIsCreatedByAnUpdate() throws Exception {
        SimulatorOutage.begin();
        String id = create("6363", meshParams());
        awaitState("6363", id, "failed");

        SimulatorOutage.gate.passOn();
        as("6363").body(Map.of()).patch("/meshes/" + id + "/features").then().statusCode(200);
        awaitState("6363", id, "running");
        assertEquals(List.of("MeshCreated", "MeshRunning"), MeshLifecycleTest.events(id));
    }
}
