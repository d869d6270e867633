package io.asm.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.gateway.auth.ActingAccount;
import io.asm.gateway.auth.Caller;
import io.asm.gateway.catalogue.ActionCatalogue;
import io.asm.gateway.catalogue.ActionSpec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * RegisterCluster and DeregisterCluster, the cluster registry's extension actions: routed to cluster-service like
 * any action of a tenant (cluster-service is down in these tests: reaching it is ServiceUnavailable), with AccountId
 * (registering for another account) for administrators only.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class ClusterRegistryActionsTest {

    @Inject
    ActingAccount actingAccount;

    static final String KUBECONFIG = "apiVersion: v1\nkind: Config\n";

    static Response call(TreeMap<String, String> params, String secret) {
        return given().urlEncodingEnabled(false)
                .contentType("application/x-www-form-urlencoded")
                .body(Signed.form(params, secret))
                .post("/");
    }

    static TreeMap<String, String> register(String keyId) {
        TreeMap<String, String> p = Signed.common("RegisterCluster", keyId);
        p.put("ClusterId", "dp-east");
        p.put("Name", "east (prod)");
        p.put("VpcId", "vpc-local-a");
        p.put("ClusterDomain", "corp.example");
        p.put("Kubeconfig", KUBECONFIG);
        return p;
    }

    /** A tenant account and key, made by the bootstrap administrator: {accountId, keyId, secret}. */
    static String[] tenant() {
        TreeMap<String, String> create = Signed.common("CreateAccount", "testid");
        create.put("AccountName", "tenant-" + UUID.randomUUID().toString().substring(0, 8));
        String accountId = call(create, "testsecret").path("Account.AccountId");
        TreeMap<String, String> key = Signed.common("CreateAccessKey", "testid");
        key.put("AccountId", accountId);
        Response created = call(key, "testsecret");
        return new String[] {accountId, created.path("AccessKey.AccessKeyId"), created.path("AccessKey.AccessKeySecret")
        };
    }

    @Test
    void aTenantsCallsActForItsOwnAccount() {
        String[] tenant = tenant();
        Caller caller = new Caller(tenant[1], tenant[0], false);
        Map<String, Object> params = new HashMap<>(Map.of("ClusterId", "dp-east"));
        assertEquals(tenant[0], actingAccount.resolve(spec("RegisterCluster"), params, caller));
        params.put("AccountId", tenant[0]);
        assertEquals(tenant[0], actingAccount.resolve(spec("RegisterCluster"), params, caller));
        assertEquals(Map.of("ClusterId", "dp-east"), params, "accounts travel as headers only");
        // Through the gateway: past the checks, on to cluster-service (down in these tests).
        assertEquals("ServiceUnavailable", call(register(tenant[1]), tenant[2]).path("Code"));
        TreeMap<String, String> deregister = Signed.common("DeregisterCluster", tenant[1]);
        deregister.put("ClusterId", "dp-east");
        assertEquals("ServiceUnavailable", call(deregister, tenant[2]).path("Code"));
        ActionSpec route = spec("DeregisterCluster");
        assertEquals(
                List.of("DELETE", "/clusters/{ClusterId}", ActionSpec.OwningService.CLUSTER),
                List.of(route.method(), route.path(), route.service()));
    }

    @Test
    void onlyAnAdministratorRegistersForAnotherAccount() {
        String[] tenant = tenant();
        String[] other = tenant();
        TreeMap<String, String> sneaky = register(tenant[1]);
        sneaky.put("AccountId", other[0]);
        Response refused = call(sneaky, tenant[2]);
        assertEquals(403, refused.statusCode(), refused.asString());
        assertEquals("Forbidden", refused.path("Code"));
        assertTrue(refused.<String>path("Message").contains("RegisterCluster for another account (AccountId)"));

        Map<String, Object> params = new HashMap<>(Map.of("ClusterId", "dp-east", "AccountId", other[0]));
        assertEquals(
                other[0], actingAccount.resolve(spec("RegisterCluster"), params, new Caller("testid", "admin", true)));
        assertFalse(params.containsKey("AccountId"), "accounts travel as headers only");
        TreeMap<String, String> forOther = register("testid");
        forOther.put("AccountId", other[0]);
        assertEquals("ServiceUnavailable", call(forOther, "testsecret").path("Code"), "routed to cluster-service");

        TreeMap<String, String> nobody = register("testid");
        nobody.put("AccountId", "9".repeat(16));
        Response unknown = call(nobody, "testsecret");
        assertEquals(404, unknown.statusCode());
        assertEquals("Account.NotFound", unknown.path("Code"));
    }

    private static ActionSpec spec(String action) {
        return ActionCatalogue.find(action).orElseThrow();
    }

    @Test
    void theProfileHasTheCataloguesFormats() {
        for (String[] bad : new String[][] {
            {"VpcId", "vpc/../a"}, {"ClusterDomain", "Corp_Example"}, {"ClusterId", "DP-East"}, {"AccountId", "12ab"}
        }) {
            TreeMap<String, String> p = register("testid");
            p.put(bad[0], bad[1]);
            Response r = call(p, "testsecret");
            assertEquals(400, r.statusCode(), r.asString());
            assertEquals("InvalidParameter", r.path("Code"));
            assertTrue(
                    r.<String>path("Message").startsWith("The specified parameter \"" + bad[0] + "\""), r.asString());
        }
        TreeMap<String, String> noKubeconfig = register("testid");
        noKubeconfig.remove("Kubeconfig");
        assertEquals("MissingKubeconfig", call(noKubeconfig, "testsecret").path("Code"));
    }
}
