package io.asm.cluster.events;

import io.asm.cluster.domain.Clusters;
import io.asm.common.events.CloudEvent;
import io.asm.common.events.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** MeshDeleted from mesh-service: the mesh's clusters leave it (their remote secrets went with its API server). */
@ApplicationScoped
public class MeshLifecycle implements EventHandler {

    private final Clusters clusters;

    MeshLifecycle(Clusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public Set<String> types() {
        return Set.of("MeshDeleted");
    }

    @Override
    public void handle(CloudEvent event) {
        clusters.meshDeleted(event.data().path("ServiceMeshId").asText());
    }
}
