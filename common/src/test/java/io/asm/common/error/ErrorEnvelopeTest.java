package io.asm.common.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.context.AsmHeaders;
import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ErrorEnvelopeTest {

    static final String TOKEN = "test-internal-token-0123456789";

    @Test
    void asmExceptionRendersTheOfficialEnvelopeByteForByte() {
        Response r = given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .header(AsmHeaders.REQUEST_ID, "8E5C5B4A-0000-4C1E-9A3B-1234567890AB")
                .get("/test/fail/mesh");
        assertEquals(404, r.statusCode());
        assertEquals("application/json;charset=utf-8", r.contentType());
        assertEquals(
                "{\"RequestId\":\"8E5C5B4A-0000-4C1E-9A3B-1234567890AB\",\"HostId\":\"servicemesh.aliyuncs.com\","
                        + "\"Code\":\"ServiceMesh.NotFound\",\"Message\":\"The Service Mesh cluster does not exist.\","
                        + "\"Recommend\":\"https://api.aliyun.com/troubleshoot?q=ServiceMesh.NotFound&product=servicemesh"
                        + "&requestId=8E5C5B4A-0000-4C1E-9A3B-1234567890AB\"}",
                r.asString());
        assertEquals("8E5C5B4A-0000-4C1E-9A3B-1234567890AB", r.header(AsmHeaders.ACS_REQUEST_ID));
    }

    @Test
    void missingParameterNamesTheParameter() {
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .get("/test/fail/missing")
                .then()
                .statusCode(400)
                .body("Code", equalTo("MissingParameter"))
                .body(
                        "Message",
                        equalTo(
                                "The input parameter \"ServiceMeshId\" that is mandatory for processing this request is not supplied."));
    }

    @Test
    void unexpectedFailureIsAnInternalErrorWithoutDetails() {
        Response r = given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN).get("/test/fail/bug");
        assertEquals(500, r.statusCode());
        assertEquals("InternalError", r.path("Code"));
        assertFalse(r.asString().contains("secret internal detail"));
        String requestId = r.path("RequestId");
        assertTrue(requestId.matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"), requestId);
        assertEquals(requestId, r.header(AsmHeaders.ACS_REQUEST_ID));
    }

    @Test
    void noFreeDatabaseConnectionIsServiceUnavailable() {
        Response r = given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN).get("/test/fail/busy");
        assertEquals(503, r.statusCode());
        assertEquals("ServiceUnavailable", r.path("Code"));
        assertEquals("The request has failed due to a temporary failure of the server.", r.path("Message"));
        // The pool recovers once the burst is over.
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .get("/test/fail/ok")
                .then()
                .statusCode(200);
    }

    @Test
    void unknownPathIsAnEnvelopeToo() {
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .get("/no/such/thing")
                .then()
                .statusCode(404)
                .contentType("application/json;charset=utf-8")
                .body("Code", equalTo("NotFound"));
    }

    @Test
    void internalCallsWithoutTheTokenAreRefused() {
        given().get("/test/fail/ok").then().statusCode(403).body("Code", equalTo("Forbidden"));
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN + "x")
                .get("/test/fail/ok")
                .then()
                .statusCode(403);
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .get("/test/fail/ok")
                .then()
                .statusCode(200)
                .body(equalTo("ok"));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
