package io.asm.vm.events;

import io.asm.common.events.contract.DomainEvent;
import io.asm.common.events.contract.DomainEventHandler;
import io.asm.common.events.contract.MembershipEvent.ClusterAttached;
import io.asm.common.events.contract.MeshEvent;
import io.asm.common.events.contract.MeshEvent.MeshDeleted;
import io.asm.common.events.contract.MeshEvent.MeshRunning;
import io.asm.common.events.contract.MeshEvent.MeshUpdated;
import io.asm.common.events.contract.MeshEvent.MeshUpgraded;
import io.asm.vm.domain.VmApps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * MeshDeleted (mesh-service): the mesh's VM applications go. MeshRunning, MeshUpdated, MeshUpgraded (mesh-service): the
 * mesh runs (again), so applications waiting for it go on now. ClusterAttached (cluster-service): they are applied again,
 * so the new member gets their Services. A cluster that leaves loses them through cluster-service, which drops
 * every Service carrying the VM app label as it undoes the membership.
 */
@ApplicationScoped
public class MeshAndClusterEvents implements DomainEventHandler<DomainEvent> {

    @Inject
    VmApps apps;

    @Override
    public Set<Class<? extends DomainEvent>> types() {
        return Set.of(
                MeshDeleted.class, MeshRunning.class, MeshUpdated.class, MeshUpgraded.class, ClusterAttached.class);
    }

    @Override
    public void handle(DomainEvent event) {
        if (event instanceof MeshDeleted deleted) {
            apps.meshDeleted(deleted.serviceMeshId());
        } else if (event instanceof MeshEvent runs) {
            apps.meshRuns(runs.serviceMeshId());
        } else if (event instanceof ClusterAttached attached) {
            apps.clusterAttached(attached.serviceMeshId());
        }
    }
}
