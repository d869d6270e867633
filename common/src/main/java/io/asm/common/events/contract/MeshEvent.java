package io.asm.common.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Events about one mesh, published by mesh-service; the mesh id is their aggregate. JSON names are the wire names
 * the outbox tables already hold, the components' names capitalised (ServiceMeshId) for every record here; unknown
 * fields are ignored so a producer may add one without breaking consumers.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection // the annotations above, read by Jackson, and each record below: see DomainEvent
public sealed interface MeshEvent extends DomainEvent {

    String serviceMeshId();

    String accountId();

    @Override
    default String aggregateId() {
        return serviceMeshId();
    }

    /** A new mesh was recorded (state initial). */
    @RegisterForReflection
    record MeshCreated(String serviceMeshId, String accountId, String regionId) implements MeshEvent {}

    /** The mesh's control plane came up for the first time. */
    @RegisterForReflection
    record MeshRunning(String serviceMeshId, String accountId, String version) implements MeshEvent {}

    /** The mesh runs its changed features again. */
    @RegisterForReflection
    record MeshUpdated(String serviceMeshId, String accountId, String version) implements MeshEvent {}

    /** The mesh runs its new version. */
    @RegisterForReflection
    record MeshUpgraded(String serviceMeshId, String accountId, String version) implements MeshEvent {}

    /** The mesh and its control plane are gone. */
    @RegisterForReflection
    record MeshDeleted(String serviceMeshId, String accountId) implements MeshEvent {}
}
