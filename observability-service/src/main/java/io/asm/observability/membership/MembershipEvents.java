package io.asm.observability.membership;

import io.asm.common.events.contract.DomainEvent;
import io.asm.common.events.contract.DomainEventHandler;
import io.asm.common.events.contract.MembershipEvent.ClusterAttached;
import io.asm.common.events.contract.MembershipEvent.ClusterDetached;
import io.asm.common.events.contract.MeshEvent.MeshCreated;
import io.asm.common.events.contract.MeshEvent.MeshDeleted;
import io.asm.observability.grafana.GrafanaFolders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Meshes and their clusters as mesh-service and cluster-service announce them: keeps {@link Memberships} and has a
 * mesh's Grafana folder pushed while it has member clusters and taken down when the last one leaves or the mesh goes.
 */
@ApplicationScoped
public class MembershipEvents implements DomainEventHandler<DomainEvent> {

    @Inject
    Memberships memberships;

    @Inject
    GrafanaFolders folders;

    @Override
    public Set<Class<? extends DomainEvent>> types() {
        return Set.of(MeshCreated.class, MeshDeleted.class, ClusterAttached.class, ClusterDetached.class);
    }

    @Override
    public void handle(DomainEvent event) {
        if (event instanceof MeshCreated created) {
            memberships.meshCreated(created.serviceMeshId(), created.accountId());
        } else if (event instanceof MeshDeleted deleted) {
            memberships.meshDeleted(deleted.serviceMeshId(), deleted.accountId());
            folders.remove(deleted.serviceMeshId());
        } else if (event instanceof ClusterAttached attached) {
            if (memberships.attached(attached.serviceMeshId(), attached.clusterId(), attached.accountId())) {
                folders.publish(attached.serviceMeshId());
            }
        } else if (event instanceof ClusterDetached detached
                && !memberships.detached(detached.serviceMeshId(), detached.clusterId())) {
            folders.remove(detached.serviceMeshId());
        }
    }
}
