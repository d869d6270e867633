package io.asm.cluster.events;

import io.asm.cluster.domain.Clusters;
import io.asm.common.events.contract.DomainEventHandler;
import io.asm.common.events.contract.MeshEvent.MeshDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** MeshDeleted from mesh-service: the mesh's clusters leave it (their remote secrets went with its API server). */
@ApplicationScoped
class MeshLifecycle implements DomainEventHandler<MeshDeleted> {

    @Inject
    Clusters clusters;

    @Override
    public Set<Class<? extends MeshDeleted>> types() {
        return Set.of(MeshDeleted.class);
    }

    @Override
    public void handle(MeshDeleted event) {
        clusters.meshDeleted(event.serviceMeshId());
    }
}
