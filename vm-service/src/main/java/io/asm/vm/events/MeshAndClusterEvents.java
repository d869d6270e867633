package io.asm.vm.events;

import io.asm.common.events.CloudEvent;
import io.asm.common.events.EventHandler;
import io.asm.vm.domain.VmApps;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * MeshDeleted (mesh-service): the mesh's VM applications go. ClusterAttached (cluster-service): they are applied again,
 * so the new member gets their Services. A cluster that leaves loses them through cluster-service, which drops
 * every Service carrying the VM app label as it undoes the membership.
 */
@ApplicationScoped
public class MeshAndClusterEvents implements EventHandler {

    private final VmApps apps;

    MeshAndClusterEvents(VmApps apps) {
        this.apps = apps;
    }

    @Override
    public Set<String> types() {
        return Set.of("MeshDeleted", "ClusterAttached");
    }

    @Override
    public void handle(CloudEvent event) {
        String meshId = event.data().path("ServiceMeshId").asText();
        if (event.type().equals("MeshDeleted")) {
            apps.meshDeleted(meshId);
        } else {
            apps.clusterAttached(meshId);
        }
    }
}
