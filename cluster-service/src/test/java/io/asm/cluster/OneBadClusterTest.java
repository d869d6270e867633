package io.asm.cluster;

import static io.asm.cluster.ClusterMembershipTest.as;
import static io.asm.cluster.ClusterMembershipTest.awaitState;
import static io.asm.cluster.ClusterMembershipTest.join;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.crypto.SecretCipher;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.SwitchableServer;
import io.asm.devkit.sim.SimulatedCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One tenant's hostile cluster must not stop another tenant's from joining (ARCHITECTURE.md: one tenant's broken
 * resource never stalls another's), and its text reaches the database only sanitised.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInMeshService.class)
class OneBadClusterTest {

    @Inject
    SecretCipher cipher;

    @Test
    void aHostileApiServerStopsNoOtherClusterAndFailsAfterItsAttemptsWithSanitisedText() throws Exception {
        SimulatedCluster real = SimulatorResource.simulator().create("dp-behind-hostile", false);
        try (SwitchableServer hostile = new SwitchableServer(real.apiServerUrl())) {
            hostile.answerWith(OneBadClusterTest::hostileAnswer);
            // Registered and joining, first in line for the reconciler and the probe (as registered before the others).
            insertJoining(
                    "800",
                    "c-hostile",
                    "m-8a",
                    real.kubeconfig().replace(real.apiServerUrl(), hostile.url()),
                    hostile.url());

            SimulatedCluster good = SimulatorResource.simulator().create("dp-good", false);
            join("900", "m-8b", "c-good", good.kubeconfig());

            // max-attempts (3 in %test) failures later it is failed, with the server's text cleaned and capped.
            Response failed = awaitState("800", "m-8a", "c-hostile", "failed");
            String error = failed.path("Clusters[0].ErrorMessage");
            assertFalse(error.contains("\u0000"), error);
            assertTrue(error.contains("boomboomboom"), error);
            assertTrue(error.length() > 400 && error.length() <= 512, "ErrorMessage of " + error.length() + " chars");
            assertEquals(
                    "v1.30.0-hostile",
                    awaitVersion("800", "m-8a", "c-hostile"),
                    "the probe's version, without the NUL");

            // Once the server behaves, adding the cluster again takes it from failed into the mesh.
            hostile.passOn();
            as("800")
                    .body(Map.of("ClusterId", "c-hostile"))
                    .post("/meshes/m-8a/clusters")
                    .then()
                    .statusCode(200);
            awaitState("800", "m-8a", "c-hostile", "running").then().body("Clusters[0].ErrorMessage", equalTo(""));
        }
    }

    @Test
    void aJoinThatWaitsLongerThanMaxWaitEndsFailed() throws Exception {
        // Joining since an hour a mesh that never runs (m-init stays initial): waiting is bounded too.
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-waiting", false);
        insertJoining("810", "c-waiting", "m-init", dp.kubeconfig(), dp.apiServerUrl());
        awaitState("810", "m-init", "c-waiting", "failed")
                .then()
                .body(
                        "Clusters[0].ErrorMessage",
                        equalTo("Gave up after waiting 600 s for the service mesh to run (it is initial)."));
    }

    /** {@code /version} with a NUL in gitVersion; everything else a 500 whose long message is full of NULs. */
    private static SwitchableServer.Reply hostileAnswer(String path) {
        String nul = "\\u0000";
        return path.equals("/version")
                ? new SwitchableServer.Reply(
                        200, "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0" + nul + "-hostile\"}")
                : new SwitchableServer.Reply(
                        500,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,"
                                + "\"message\":\"" + ("boom" + nul).repeat(1000) + "\"}");
    }

    private void insertJoining(String account, String clusterId, String meshId, String kubeconfig, String server)
            throws Exception {
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement(
                        "INSERT INTO cluster.cluster (id, account_id, region_id, name, kubeconfig_sealed,"
                                + " server, mesh_id, state, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'cn-hangzhou', ?, ?, ?, ?,"
                                + " 'connecting', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour')")) {
            ps.setString(1, clusterId);
            ps.setString(2, account);
            ps.setString(3, clusterId);
            ps.setString(4, cipher.encrypt(kubeconfig));
            ps.setString(5, server);
            ps.setString(6, meshId);
            ps.executeUpdate();
        }
    }

    private static String awaitVersion(String account, String mesh, String cluster) throws InterruptedException {
        return await("cluster " + cluster + " to be probed")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> as(account).get("/meshes/" + mesh + "/clusters").<String>path("Clusters[0].Version"),
                        version -> !version.isEmpty());
    }
}
