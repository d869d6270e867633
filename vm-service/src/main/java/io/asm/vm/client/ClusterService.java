package io.asm.vm.client;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What vm-service asks cluster-service: a mesh's running members, and short-lived credentials for one of them. */
@ApplicationScoped
public class ClusterService {

    @Inject
    @RestClient
    ClusterServiceApi api;

    /** The ids of the mesh's running member clusters; none when the mesh is gone. */
    public List<String> runningMembers(String accountId, String meshId) {
        try {
            ClusterServiceApi.Members members = MeshService.call(() -> api.members(meshId, accountId));
            return members.Clusters() == null
                    ? List.of()
                    : members.Clusters().stream()
                            .filter(c -> "running".equals(c.State()))
                            .map(ClusterServiceApi.Member::ClusterId)
                            .toList();
        } catch (AsmException e) {
            if (e.code().equals(AsmError.SERVICE_MESH_NOT_FOUND.code())) {
                return List.of();
            }
            throw e;
        }
    }

    /** A kubeconfig of the cluster's {@code asm-delegate} account: Services, and namespaces read-only. */
    public String credentials(String accountId, String meshId, String clusterId) {
        return MeshService.call(
                        () -> api.credentials(clusterId, new ClusterServiceApi.CredentialsRequest(meshId), accountId))
                .Kubeconfig();
    }
}
