package io.asm.mesh.events;

import io.asm.common.events.CloudEvent;
import io.asm.common.events.EventHandler;
import io.asm.mesh.domain.Mesh;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Which clusters are in which mesh is cluster-service's fact; mesh-service keeps this copy, fed by its
 * ClusterAttached / ClusterDetached events, for DescribeServiceMeshDetail.Clusters and the delete rule.
 */
@ApplicationScoped
public class MembershipReadModel implements EventHandler {

    @Override
    public Set<String> types() {
        return Set.of("ClusterAttached", "ClusterDetached");
    }

    @Override
    public void handle(CloudEvent event) {
        String meshId = event.data().path("ServiceMeshId").asText();
        String clusterId = event.data().path("ClusterId").asText();
        String sql = event.type().equals("ClusterAttached")
                ? "INSERT INTO mesh_membership (mesh_id, cluster_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                : "DELETE FROM mesh_membership WHERE mesh_id = ?1 AND cluster_id = ?2";
        Mesh.getEntityManager().createNativeQuery(sql).setParameter(1, meshId).setParameter(2, clusterId).executeUpdate();
    }
}
