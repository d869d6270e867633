package io.asm.observability;

import io.asm.devkit.InternalCaller;
import java.util.Map;
import java.util.UUID;

/** Delivers a CloudEvent to the service's {@code POST /events} as the outbox dispatchers of the other services do. */
public final class Events {

    public static final String TOKEN = InternalCaller.TOKEN;

    private Events() {}

    public static void deliver(String source, String type, Map<String, String> data) {
        InternalCaller.deliver(source, type, data);
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
