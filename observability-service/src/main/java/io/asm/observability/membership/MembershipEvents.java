package io.asm.observability.membership;

import com.fasterxml.jackson.databind.JsonNode;
import io.asm.common.events.CloudEvent;
import io.asm.common.events.EventHandler;
import io.asm.observability.grafana.GrafanaFolders;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Meshes and their clusters as mesh-service and cluster-service announce them: keeps {@link Memberships} and has a
 * mesh's Grafana folder pushed while it has member clusters and taken down when the last one leaves or the mesh goes.
 */
@ApplicationScoped
public class MembershipEvents implements EventHandler {

    private final Memberships memberships;
    private final GrafanaFolders folders;

    MembershipEvents(Memberships memberships, GrafanaFolders folders) {
        this.memberships = memberships;
        this.folders = folders;
    }

    @Override
    public Set<String> types() {
        return Set.of("MeshCreated", "MeshDeleted", "ClusterAttached", "ClusterDetached");
    }

    @Override
    public void handle(CloudEvent event) {
        JsonNode data = event.data();
        String meshId = data.path("ServiceMeshId").asText();
        String accountId = data.path("AccountId").asText();
        String clusterId = data.path("ClusterId").asText();
        switch (event.type()) {
            case "MeshCreated" -> memberships.meshCreated(meshId, accountId);
            case "MeshDeleted" -> {
                memberships.meshDeleted(meshId, accountId);
                folders.remove(meshId);
            }
            case "ClusterAttached" -> {
                if (memberships.attached(meshId, clusterId, accountId)) {
                    folders.publish(meshId);
                }
            }
            case "ClusterDetached" -> {
                if (!memberships.detached(meshId, clusterId)) {
                    folders.remove(meshId);
                }
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }
}
