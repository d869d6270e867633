package io.asm.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.devkit.PostgresResource;
import io.asm.gateway.catalogue.ActionSpec.OwningService;
import io.asm.gateway.edge.EdgeListener;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Thousands of hostile requests at the public listener (127.0.0.1 only): random bytes, broken percent-encodings,
 * odd header bytes, oversize headers and targets, duplicated and oversize parameters, and correctly signed garbage
 * for every catalogued action. None may get a 5xx, hang, or get anything but a JSON answer (the error envelope with
 * its Code, or a success with its RequestId). Seeded: {@code -Dfuzz.seed=<seed>} replays a run; the seed is printed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class HostileRequestsFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUESTS = 5000;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(25);
    private static final int ANSWER_TIMEOUT_MS = 5000;

    @Inject
    EdgeListener edge;

    @Test
    void noHostileRequestGetsA5xxAHangOrABareAnswer() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("HostileRequestsFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        HostileRequests hostile = new HostileRequests(new Random(seed), "testid", "testsecret", NegativeCasesTest.MESH);
        int port = edge.port().get(30, TimeUnit.SECONDS);
        Map<HostileRequests.Kind, Integer> sent = new EnumMap<>(HostileRequests.Kind.class);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int n = 0;
        for (; n < MAX_REQUESTS && System.nanoTime() < deadline; n++) {
            HostileRequests.Hostile request = hostile.next();
            String what =
                    "request #" + n + " of seed " + seed + " (" + request.kind() + ": " + request.description() + ")";
            RawHttp.Answer answer;
            try {
                answer = RawHttp.exchange(port, request.bytes(), ANSWER_TIMEOUT_MS);
            } catch (AssertionError e) {
                throw new AssertionError(what + ": " + e.getMessage(), e);
            }
            check(request, answer, what);
            sent.merge(request.kind(), 1, Integer::sum);
        }
        System.out.println("HostileRequestsFuzzTest sent " + n + " requests: " + sent);
        assertTrue(n >= 1000, "only " + n + " requests within the time budget");
        assertEquals(HostileRequests.Kind.values().length, sent.size(), "every kind was tried: " + sent);
    }

    private static void check(HostileRequests.Hostile request, RawHttp.Answer answer, String what) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError(what + ": not JSON: " + answer, e);
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            assertTrue(body.path("RequestId").isTextual(), what + " -> " + answer);
            return;
        }
        assertEquals("application/json;charset=utf-8", answer.headers().get("content-type"), what + " -> " + answer);
        for (String field : new String[] {"RequestId", "HostId", "Code", "Message", "Recommend"}) {
            assertTrue(
                    body.path(field).isTextual() && !body.path(field).asText().isEmpty(),
                    what + ": no " + field + " in " + answer);
        }
        if (answer.status() >= 500 && !clusterServiceIsDown(request, body)) {
            fail(what + " -> " + answer);
        }
    }

    /** The stand-ins leave cluster-service down on purpose: a well-formed call to it is ServiceUnavailable. */
    private static boolean clusterServiceIsDown(HostileRequests.Hostile request, JsonNode body) {
        return request.action() != null
                && request.action().service() == OwningService.CLUSTER
                && body.path("Code").asText().equals("ServiceUnavailable");
    }
}
