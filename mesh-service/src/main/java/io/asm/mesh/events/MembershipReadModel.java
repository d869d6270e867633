package io.asm.mesh.events;

import io.asm.common.events.contract.DomainEventHandler;
import io.asm.common.events.contract.MembershipEvent;
import io.asm.common.events.contract.MembershipEvent.ClusterAttached;
import io.asm.common.events.contract.MembershipEvent.ClusterDetached;
import io.asm.mesh.domain.Mesh;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Which clusters are in which mesh is cluster-service's fact; mesh-service keeps this copy, fed by its
 * ClusterAttached / ClusterDetached events, for DescribeServiceMeshDetail.Clusters and the delete rule.
 */
@ApplicationScoped
class MembershipReadModel implements DomainEventHandler<MembershipEvent> {

    @Override
    public Set<Class<? extends MembershipEvent>> types() {
        return Set.of(ClusterAttached.class, ClusterDetached.class);
    }

    @Override
    public void handle(MembershipEvent event) {
        String sql = event instanceof ClusterAttached
                ? "INSERT INTO mesh_membership (mesh_id, cluster_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                : "DELETE FROM mesh_membership WHERE mesh_id = ?1 AND cluster_id = ?2";
        Mesh.getEntityManager()
                .createNativeQuery(sql)
                .setParameter(1, event.serviceMeshId())
                .setParameter(2, event.clusterId())
                .executeUpdate();
    }
}
