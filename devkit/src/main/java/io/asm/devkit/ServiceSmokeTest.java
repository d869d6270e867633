package io.asm.devkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.DriverManager;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * What every service must do from its first day: start against a real PostgreSQL, migrate its schema, answer
 * health (checked as for the packaged app, {@link PackagedServiceTest}), metrics and OpenAPI, and refuse internal
 * calls without the token. A service's test extends this and names its schema.
 */
public abstract class ServiceSmokeTest extends PackagedServiceTest {

    protected abstract String schema();

    @Test
    void metricsAndOpenApiAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", containsString("3."));
    }

    @Test
    void ownSchemaIsMigrated() throws Exception {
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), LocalPostgres.USER, "");
                var ps = c.prepareStatement("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"
                        + " AND table_name IN ('outbox_event', 'outbox_delivery', 'inbox')")) {
            ps.setString(1, schema());
            try (var rs = ps.executeQuery()) {
                rs.next();
                Assertions.assertEquals(3, rs.getInt(1), "common tables in schema " + schema());
            }
        }
    }

    @Test
    void internalApiRefusesCallsWithoutTheToken() {
        given().get("/admin/outbox/parked").then().statusCode(403).body("Code", equalTo("Forbidden"));
    }
}
