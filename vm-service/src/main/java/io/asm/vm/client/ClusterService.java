package io.asm.vm.client;

import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What vm-service asks cluster-service: a mesh's running members, and short-lived credentials for one of them. */
@ApplicationScoped
public class ClusterService {

    private final ClusterServiceApi api;
    private final String token;

    ClusterService(@RestClient ClusterServiceApi api, InternalConfig internal) {
        this.api = api;
        this.token = internal.token();
    }

    /** The ids of the mesh's running member clusters; none when the mesh is gone. */
    public List<String> runningMembers(String accountId, String meshId) {
        try {
            ClusterServiceApi.Members members = MeshService.call(() -> api.members(meshId, token, accountId,
                    RequestContext.newRequestId()));
            return members.Clusters() == null ? List.of() : members.Clusters().stream()
                    .filter(c -> "running".equals(c.State())).map(ClusterServiceApi.Member::ClusterId).toList();
        } catch (AsmException e) {
            if (e.code().equals(AsmError.SERVICE_MESH_NOT_FOUND.code())) {
                return List.of();
            }
            throw e;
        }
    }

    /** A kubeconfig of the cluster's {@code asm-delegate} account: Services, and namespaces read-only. */
    public String credentials(String accountId, String meshId, String clusterId) {
        return MeshService.call(() -> api.credentials(clusterId, new ClusterServiceApi.CredentialsRequest(meshId), token,
                accountId, RequestContext.newRequestId())).Kubeconfig();
    }
}
