package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.create;
import static io.asm.mesh.MeshLifecycleTest.meshParams;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Changes to a mesh while something else holds it, as happens with several replicas: a reconcile step (which holds
 * the mesh row for its transaction) or the same change arriving through another gateway. A change waits for the
 * holder and then applies to the mesh as it stands, never to what it read before.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ConcurrentMeshChangesTest {

    @Test
    void aDeleteThatWaitedForAStepWhichDeletedTheMeshFindsItGone() throws Exception {
        String id = create("conc-1", meshParams());
        awaitRunning("conc-1", id);
        try (Connection step = holding(id)) {
            CompletableFuture<Response> delete = send(() -> as("conc-1").delete("/meshes/" + id));
            awaitWaitingOnLocks(1);
            // The step finishes a deletion begun through the other gateway.
            try (PreparedStatement ps = step.prepareStatement("DELETE FROM mesh.mesh WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            step.commit();
            Response r = delete.get(20, TimeUnit.SECONDS);
            assertEquals(404, r.statusCode(), r.asString());
            assertEquals("ServiceMesh.NotFound", r.path("Code"));
        }
    }

    @Test
    void ofTwoFeatureUpdatesAtOnceOneAppliesAndTheOtherIsToldTheMeshIsUpdating() throws Exception {
        String id = create("conc-2", meshParams());
        awaitRunning("conc-2", id);
        List<CompletableFuture<Response>> updates = new ArrayList<>();
        try (Connection step = holding(id)) {
            for (String policy : List.of("REGISTRY_ONLY", "ALLOW_ANY")) {
                updates.add(send(() -> as("conc-2")
                        .body(Map.of("OutboundTrafficPolicy", policy, "TraceSampling", 7.5))
                        .patch("/meshes/" + id + "/features")));
            }
            awaitWaitingOnLocks(2);
            step.rollback();
        }
        List<Integer> statuses = new ArrayList<>();
        String applied = null;
        for (int i = 0; i < 2; i++) {
            Response r = updates.get(i).get(20, TimeUnit.SECONDS);
            statuses.add(r.statusCode());
            if (r.statusCode() == 200) {
                applied = i == 0 ? "REGISTRY_ONLY" : "ALLOW_ANY";
            } else {
                assertEquals("IncorrectStatus.ServiceMesh", r.path("Code"), r.asString());
                assertEquals("The service mesh is updating; retry when it is running.", r.path("Message"));
            }
        }
        assertEquals(List.of(200, 409), statuses.stream().sorted().toList());
        Response mesh = awaitRunning("conc-2", id);
        assertEquals(applied, mesh.path("ServiceMesh.Spec.MeshConfig.OutboundTrafficPolicy"));
        assertEquals(List.of("MeshCreated", "MeshRunning", "MeshUpdated"), MeshLifecycleTest.events(id));
    }

    /** Running, with time for a first mesh on a busy machine (its JVM is cold). */
    static Response awaitRunning(String account, String id) {
        return Awaitility.await("mesh " + id + " to run")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> as(account).get("/meshes/" + id),
                        r -> "running".equals(r.path("ServiceMesh.ServiceMeshInfo.State")));
    }

    /** A transaction holding the mesh row, as a reconcile step does (FOR UPDATE). */
    static Connection holding(String id) throws SQLException {
        Connection c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM mesh.mesh WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            ps.executeQuery().close();
        }
        return c;
    }

    static CompletableFuture<Response> send(Supplier<Response> request) {
        return CompletableFuture.supplyAsync(request);
    }

    /** Until {@code n} sessions (mesh-service's requests) wait for a lock. */
    static void awaitWaitingOnLocks(int n) {
        Awaitility.await("requests to wait for the held mesh")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    try (Connection c = DriverManager.getConnection(
                                    PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                            ResultSet rs = c.createStatement()
                                    .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                            + " AND datname = 'asm'")) {
                        rs.next();
                        return rs.getInt(1) == n;
                    }
                });
    }
}
