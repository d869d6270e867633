package io.asm.common.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A cluster joined or left a mesh, published by cluster-service; the cluster id is the aggregate. */
public sealed interface MembershipEvent extends DomainEvent {

    String serviceMeshId();

    String clusterId();

    String accountId();

    @Override
    default String aggregateId() {
        return clusterId();
    }

    /** The cluster is in the mesh: its membership objects and remote secret are in place. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record ClusterAttached(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("ClusterId") String clusterId,
            @JsonProperty("AccountId") String accountId)
            implements MembershipEvent {}

    /** The cluster left the mesh. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record ClusterDetached(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("ClusterId") String clusterId,
            @JsonProperty("AccountId") String accountId)
            implements MembershipEvent {}
}
