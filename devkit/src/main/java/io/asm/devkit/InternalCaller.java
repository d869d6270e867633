package io.asm.devkit;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/**
 * Calls a service's internal API the way the gateway does: the test profile's internal token, and the caller's
 * account and region as headers. (devkit cannot see common's AsmHeaders: common depends on devkit for its tests.)
 */
public final class InternalCaller {

    /** {@code %test.asm.internal.token} of common's defaults. */
    public static final String TOKEN = "test-internal-token-0123456789";

    public static final String REGION = "cn-hangzhou";

    private InternalCaller() {}

    /** Internal, with the token but for no account (events, admin endpoints). */
    public static RequestSpecification internal() {
        return given().header("X-Asm-Internal-Token", TOKEN);
    }

    /**
     * Delivers a CloudEvent to the service's {@code POST /events} as another service's outbox dispatcher does (a fresh
     * id; the subject is the cluster, else the mesh) and expects it taken.
     */
    public static void deliver(String source, String type, Map<String, ?> data) {
        Object subject = data.containsKey("ClusterId") ? data.get("ClusterId") : data.get("ServiceMeshId");
        internal()
                .contentType("application/cloudevents+json")
                .body(Map.of(
                        "specversion",
                        "1.0",
                        "id",
                        UUID.randomUUID().toString(),
                        "source",
                        source,
                        "type",
                        type,
                        "subject",
                        String.valueOf(subject),
                        "data",
                        data))
                .post("/events")
                .then()
                .statusCode(200);
    }

    public static RequestSpecification as(String account) {
        return as(account, REGION);
    }

    public static RequestSpecification as(String account, String region) {
        return internal()
                .header("X-Asm-Account-Id", account)
                .header("X-Asm-Region-Id", region)
                .contentType("application/json");
    }
}
