package io.asm.gateway;

import static io.asm.gateway.NegativeCasesTest.expect;
import static io.asm.gateway.NegativeCasesTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.gateway.auth.AccessKeys;
import io.asm.gateway.auth.AccountFlowControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One account's slow calls hold at most its share of the gateway; the next is refused, other accounts go on. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
@TestProfile(AccountFlowControlTest.TwoAtOnce.class)
class AccountFlowControlTest {

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("asm.gateway.max-concurrent-per-account", "2");
        }
    }

    @Inject
    AccessKeys keys;

    @Inject
    AccountFlowControl flowControl;

    @Test
    void aTenantsSlowCallsDoNotStallAnother() throws Exception {
        String other = keys.createAccount(
                        "other-" + UUID.randomUUID().toString().substring(0, 8), false)
                .accountId();
        keys.createKey(other, "LTAIotheraccount000001", "other-secret-0000000000000000");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Two calls to a mesh the stand-in answers after 5 s: the gateway's 2 s timeout holds both permits.
            List<Future<Response>> slow = List.of(pool.submit(() -> slow()), pool.submit(() -> slow()));
            String account = keys.find("testid").orElseThrow().accountId();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (flowControl.inFlight(account) < 2) {
                assertTrue(System.nanoTime() < deadline, "the two slow calls never got in");
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            expect(get(Signed.query(NegativeCasesTest.detail(), "testsecret")), 400, "Throttling.User");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "refused at once, not queued");
            TreeMap<String, String> theirs = Signed.common("DescribeServiceMeshDetail", "LTAIotheraccount000001");
            theirs.put("ServiceMeshId", NegativeCasesTest.MESH);
            assertEquals(
                    200,
                    get(Signed.query(theirs, "other-secret-0000000000000000")).statusCode());
            for (Future<Response> f : slow) {
                expect(f.get(10, TimeUnit.SECONDS), 503, "ServiceUnavailable");
            }
            // Permits come back with the answers.
            assertEquals(
                    200,
                    get(Signed.query(NegativeCasesTest.detail(), "testsecret")).statusCode());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response slow() {
        TreeMap<String, String> p = Signed.common("DescribeServiceMeshDetail", "testid");
        p.put("ServiceMeshId", StandInServices.SLOW_MESH);
        return get(Signed.query(p, "testsecret"));
    }
}
