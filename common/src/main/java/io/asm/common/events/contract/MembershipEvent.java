package io.asm.common.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A cluster joined or left a mesh, published by cluster-service; the cluster id is the aggregate. JSON names are the
 * components' names capitalised (ServiceMeshId), for every record here; unknown fields are ignored.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection // the annotations above, read by Jackson, and each record below: see DomainEvent
public sealed interface MembershipEvent extends DomainEvent {

    String serviceMeshId();

    String clusterId();

    String accountId();

    @Override
    default String aggregateId() {
        return clusterId();
    }

    /** The cluster is in the mesh: its membership objects and remote secret are in place. */
    @RegisterForReflection
    record ClusterAttached(String serviceMeshId, String clusterId, String accountId) implements MembershipEvent {}

    /** The cluster left the mesh. */
    @RegisterForReflection
    record ClusterDetached(String serviceMeshId, String clusterId, String accountId) implements MembershipEvent {}
}
