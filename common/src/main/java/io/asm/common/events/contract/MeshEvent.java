package io.asm.common.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Events about one mesh, published by mesh-service; the mesh id is their aggregate. JSON names are the wire names
 * the outbox tables already hold; unknown fields are ignored so a producer may add one without breaking consumers.
 */
public sealed interface MeshEvent extends DomainEvent {

    String serviceMeshId();

    String accountId();

    @Override
    default String aggregateId() {
        return serviceMeshId();
    }

    /** A new mesh was recorded (state initial). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record MeshCreated(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("AccountId") String accountId,
            @JsonProperty("RegionId") String regionId)
            implements MeshEvent {}

    /** The mesh's control plane came up for the first time. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record MeshRunning(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("AccountId") String accountId,
            @JsonProperty("Version") String version)
            implements MeshEvent {}

    /** The mesh runs its changed features again. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record MeshUpdated(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("AccountId") String accountId,
            @JsonProperty("Version") String version)
            implements MeshEvent {}

    /** The mesh runs its new version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record MeshUpgraded(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("AccountId") String accountId,
            @JsonProperty("Version") String version)
            implements MeshEvent {}

    /** The mesh and its control plane are gone. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record MeshDeleted(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("AccountId") String accountId) implements MeshEvent {}
}
