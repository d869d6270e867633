package io.asm.cluster;

import static io.asm.cluster.ClusterMembershipTest.as;
import static io.asm.cluster.ClusterMembershipTest.refused;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.asm.cluster.domain.Cluster;
import io.asm.cluster.reconcile.RegistrationRecheck;
import io.asm.common.crypto.SecretCipher;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.asm.devkit.sim.SimulatedCluster;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A kubeconfig a tenant submits is data: refused unless of the strict shape, the operator's rule for API servers and
 * proven credentials; nothing is stored when it is refused, and a stored one that breaks the rules is never used.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInMeshService.class)
class RegistrationTest {

    @Inject
    SecretCipher cipher;

    @Inject
    RegistrationRecheck recheck;

    static String kubeconfig(String server, String user) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s"}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                users:
                - name: u
                  user:
                %s
                """.formatted(server, user.indent(4).stripTrailing());
    }

    @Test
    void anExecPluginIsRefusedAndNeverRuns() throws Exception {
        SimulatedCluster dp = SimulatorResource.simulator().create("dp-exec", false);
        Path marker = Files.createTempDirectory("exec").resolve("ran");
        String exec = kubeconfig(dp.apiServerUrl(), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args: ["-c", "touch %s"]
                """.formatted(marker));
        refused(
                        as("901")
                                .body(Map.of("ClusterId", "c-exec", "Kubeconfig", exec))
                                .post("/meshes/m-9/clusters"),
                        400,
                        "InvalidParameter")
                .body("Message", containsString("user.exec is not supported"));
        Thread.sleep(300);
        assertFalse(Files.exists(marker), "cluster-service ran the tenant's command");
        as("901").get("/clusters").then().body("Clusters", equalTo(List.of())).body("NumberOfClusters", equalTo(0));
    }

    @Test
    void credentialsTheServerRefusesStoreNothing() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        refusing.createContext("/", ex -> {
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        refusing.start();
        try {
            String bad = kubeconfig("http://127.0.0.1:" + refusing.getAddress().getPort(), "token: wrong");
            refused(
                            as("902")
                                    .body(Map.of("ClusterId", "c-unauthorised", "Kubeconfig", bad))
                                    .post("/meshes/m-9/clusters"),
                            400,
                            "InvalidParameter")
                    .body("Message", containsString("Its API server is unreachable or refused the credentials."));
        } finally {
            refusing.stop(0);
        }
        String closed = kubeconfig("http://127.0.0.1:" + refusing.getAddress().getPort(), "token: t");
        as("902")
                .body(Map.of("ClusterId", "c-unreachable", "Kubeconfig", closed))
                .post("/meshes/m-9/clusters")
                .then()
                .statusCode(400)
                // The same words as a refusal of the credentials: the answer maps no ports.
                .body("Message", containsString("Its API server is unreachable or refused the credentials."))
                .body("Message", not(containsString("Connection refused")));
        as("902").get("/clusters").then().body("Clusters", equalTo(List.of()));
    }

    @Test
    void metadataAndLinkLocalAddressesAreNeverCalled() {
        for (String server : List.of(
                "http://169.254.169.254", "http://100.100.100.200", "http://[fe80::1]:6443", "http://0.0.0.0:6443")) {
            refused(
                            as("903")
                                    .body(Map.of("ClusterId", "c-meta", "Kubeconfig", kubeconfig(server, "token: t")))
                                    .post("/meshes/m-9/clusters"),
                            400,
                            "InvalidParameter")
                    .body("Message", containsString("its address may not be registered"));
        }
        as("903").get("/clusters").then().body("Clusters", equalTo(List.of()));
    }

    /** A registration stored directly, as an older version (or another path) might have stored it. */
    void store(String id, String account, String kubeconfig, String meshId, String state) {
        QuarkusTransaction.requiringNew().run(() -> {
            Cluster c = new Cluster();
            c.id = id;
            c.accountId = account;
            c.regionId = "cn-hangzhou";
            c.name = id;
            c.kubeconfigSealed = cipher.encrypt(kubeconfig);
            c.server = "http://" + id;
            c.meshId = meshId;
            c.state = state;
            c.createdAt = OffsetDateTime.now();
            c.updatedAt = OffsetDateTime.now();
            c.nextAttemptAt = OffsetDateTime.now();
            c.persist();
        });
    }

    @Test
    void anAccountRegistersAtMostItsQuota() throws Exception {
        for (int i = 1; i <= 4; i++) {
            SimulatedCluster dp = SimulatorResource.simulator().create("dp-quota-" + i, false);
            var answer = as("906")
                    .body(Map.of("ClusterId", "c-quota-" + i, "Kubeconfig", dp.kubeconfig()))
                    .post("/meshes/m-9" + i + "/clusters")
                    .then();
            if (i <= 3) {
                answer.statusCode(200);
            } else {
                answer.statusCode(400)
                        .body("Code", equalTo("QuotaExceeded.Cluster"))
                        .body("Message", containsString("3"));
            }
        }
        as("906").get("/clusters").then().body("NumberOfClusters", equalTo(3));
        as("907")
                .body(Map.of(
                        "ClusterId",
                        "c-quota-other",
                        "Kubeconfig",
                        SimulatorResource.simulator()
                                .create("dp-quota-other", false)
                                .kubeconfig()))
                .post("/meshes/m-9/clusters")
                .then()
                .statusCode(200);
    }

    @Test
    void listingsArePagedByDefault() {
        for (int i = 0; i < 105; i++) {
            store("c-many-" + i, "905", kubeconfig("http://127.0.0.1:1", "token: t"), null, "");
        }
        as("905")
                .get("/clusters")
                .then()
                .statusCode(200)
                .body("Clusters.size()", equalTo(100))
                .body("NumberOfClusters", equalTo(105));
        as("905").queryParam("Offset", 100).get("/clusters").then().body("Clusters.size()", equalTo(5));
        refused(as("905").queryParam("Limit", 1001).get("/clusters"), 400, "InvalidParameter")
                .body("Message", containsString("\"Limit\""));
    }

    @Test
    void aStoredRegistrationThatBreaksTheRulesIsMarkedFailedAtStart() {
        store(
                "c-legacy",
                "904",
                kubeconfig("http://127.0.0.1:1", "exec: {command: /bin/true}"),
                "m-9",
                Cluster.RUNNING);
        recheck.recheckAll();
        Cluster after = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>findById("c-legacy"));
        assertEquals(Cluster.FAILED, after.state);
        assertFalse(after.reachable);
        assertTrue(after.errorMessage.contains("user.exec is not supported"), after.errorMessage);
        as("904")
                .get("/meshes/m-9/clusters")
                .then()
                .body("Clusters[0].State", equalTo("failed"))
                .body("Clusters[0].ErrorMessage", containsString("register the cluster again"));
    }
}
