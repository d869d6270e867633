package io.asm.common.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Events about one mesh, published by mesh-service; the mesh id is their aggregate. JSON names are the wire names
 * the outbox tables already hold, the components' names capitalised (ServiceMeshId) for every record here; unknown
 * fields are ignored so a producer may add one without breaking consumers.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface MeshEvent extends DomainEvent {

    String serviceMeshId();

    String accountId();

    @Override
    default String aggregateId() {
        return serviceMeshId();
    }

    /** A new mesh was recorded (state initial). */
    record MeshCreated(String serviceMeshId, String accountId, String regionId) implements MeshEvent {}

    /** The mesh's control plane came up for the first time. */
    record MeshRunning(String serviceMeshId, String accountId, String version) implements MeshEvent {}

    /** The mesh runs its changed features again. */
    record MeshUpdated(String serviceMeshId, String accountId, String version) implements MeshEvent {}

    /** The mesh runs its new version. */
    record MeshUpgraded(String serviceMeshId, String accountId, String version) implements MeshEvent {}

    /** The mesh and its control plane are gone. */
    record MeshDeleted(String serviceMeshId, String accountId) implements MeshEvent {}
}
