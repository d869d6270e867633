package io.asm.devkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every packaged service (jar, or native executable in the native profile) must do, checked by its
 * {@code @QuarkusIntegrationTest} ({@code *IT}, configured by {@link PackagedAppResource}): start in the prod profile
 * against a real PostgreSQL and answer health. A service's IT extends this and adds a real call.
 */
public abstract class PackagedServiceTest {

    @Test
    void healthIsUpWithTheDatabaseChecked() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
