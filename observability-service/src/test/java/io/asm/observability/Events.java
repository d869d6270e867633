package io.asm.observability;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

/** Delivers a CloudEvent to the service's {@code POST /events} as the outbox dispatchers of the other services do. */
public final class Events {

    public static final String TOKEN = "test-internal-token-0123456789";

    private Events() {}

    public static void deliver(String source, String type, Map<String, String> data) {
        given().header("X-Asm-Internal-Token", TOKEN)
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
                        data.getOrDefault("ClusterId", data.get("ServiceMeshId")),
                        "data",
                        data))
                .post("/events")
                .then()
                .statusCode(200);
    }

    public static void meshCreated(String meshId, String accountId) {
        deliver("/mesh-service", "MeshCreated", Map.of("ServiceMeshId", meshId, "AccountId", accountId));
    }

    public static void meshDeleted(String meshId, String accountId) {
        deliver("/mesh-service", "MeshDeleted", Map.of("ServiceMeshId", meshId, "AccountId", accountId));
    }

    public static void attached(String meshId, String clusterId, String accountId) {
        deliver(
                "/cluster-service",
                "ClusterAttached",
                Map.of("ServiceMeshId", meshId, "ClusterId", clusterId, "AccountId", accountId));
    }

    public static void detached(String meshId, String clusterId, String accountId) {
        deliver(
                "/cluster-service",
                "ClusterDetached",
                Map.of("ServiceMeshId", meshId, "ClusterId", clusterId, "AccountId", accountId));
    }

    /** A fresh mesh id of mesh-service's shape. */
    public static String newMeshId() {
        return "c" + UUID.randomUUID().toString().replace("-", "");
    }
}
