package io.asm.cluster.events;

import io.asm.cluster.domain.Clusters;
import io.asm.common.events.contract.DomainEventHandler;
import io.asm.common.events.contract.MeshEvent;
import io.asm.common.events.contract.MeshEvent.MeshDeleted;
import io.asm.common.events.contract.MeshEvent.MeshRunning;
import io.asm.common.events.contract.MeshEvent.MeshUpdated;
import io.asm.common.events.contract.MeshEvent.MeshUpgraded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * From mesh-service: MeshDeleted — the mesh's clusters leave it (their remote secrets went with its API server);
 * MeshRunning, MeshUpdated, MeshUpgraded — the mesh runs (again), so clusters waiting to join it go on now rather than
 * at their next paced look.
 */
@ApplicationScoped
class MeshLifecycle implements DomainEventHandler<MeshEvent> {

    @Inject
    Clusters clusters;

    @Override
    public Set<Class<? extends MeshEvent>> types() {
        return Set.of(MeshDeleted.class, MeshRunning.class, MeshUpdated.class, MeshUpgraded.class);
    }

    @Override
    public void handle(MeshEvent event) {
        if (event instanceof MeshDeleted) {
            clusters.meshDeleted(event.serviceMeshId());
        } else {
            clusters.meshRuns(event.serviceMeshId());
        }
    }
}
