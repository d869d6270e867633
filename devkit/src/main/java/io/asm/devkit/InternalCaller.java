package io.asm.devkit;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

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
