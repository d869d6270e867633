package io.asm.cluster;

import static io.asm.cluster.ClusterMembershipTest.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A membership change while a reconcile step holds the cluster, as happens with several replicas: the change waits
 * for the step and applies to the cluster as the step left it, never to what it read before.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInMeshService.class)
class ConcurrentClusterChangesTest {

    @Test
    void aRemoveThatWaitedForAStepWhichCompletedTheLeaveDoesNotUndoIt() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("conc-dp", false);
        as("300")
                .body(Map.of("ClusterId", "c-conc", "Kubeconfig", dp.kubeconfig()))
                .post("/meshes/m-conc/clusters")
                .then()
                .statusCode(200);
        Awaitility.await("c-conc to run in m-conc")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> as("300").get("/meshes/m-conc/clusters").path("Clusters.State"),
                        List.of("running")::equals);
        try (Connection step =
                DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "")) {
            step.setAutoCommit(false);
            try (PreparedStatement ps =
                    step.prepareStatement("SELECT id FROM cluster.cluster WHERE id = 'c-conc' FOR UPDATE")) {
                ps.executeQuery().close();
            }
            CompletableFuture<Response> remove =
                    CompletableFuture.supplyAsync(() -> as("300").delete("/meshes/m-conc/clusters/c-conc"));
            Awaitility.await("the remove to wait for the held cluster")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                    + " AND datname = 'asm'")
                            == 1);
            // The step completes a leave asked for through the other gateway.
            step.createStatement()
                    .executeUpdate("UPDATE cluster.cluster SET mesh_id = NULL, state = '' WHERE id = 'c-conc'");
            step.commit();
            Response r = remove.get(20, TimeUnit.SECONDS);
            assertEquals(404, r.statusCode(), r.asString());
            assertEquals("Cluster.NotFound", r.path("Code"));
        }
        // Still out of the mesh: the late remove did not put it back into removing.
        assertEquals(
                1,
                count("SELECT count(*) FROM cluster.cluster WHERE id = 'c-conc' AND mesh_id IS NULL AND state = ''"));
    }

    static int count(String sql) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
