package io.asm.cluster.client;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * mesh-service's internal API, as cluster-service needs it: a mesh's state and istiod address, and the remote
 * secrets on its API server (mesh-service owns that server; this service owns the member clusters' credentials).
 * Wraps the declarative {@link MeshApi}: a mesh-service that cannot be reached is ServiceUnavailable.
 */
@ApplicationScoped
public class MeshServiceClient {

    /** What cluster-service needs to know of a mesh. */
    public record MeshInfo(String id, String state, String pilotEndpoint) {
        public boolean running() {
            return "running".equals(state);
        }
    }

    @Inject
    @RestClient
    MeshApi api;

    /** The account's mesh, or empty when it has none by that id. */
    public Optional<MeshInfo> mesh(String accountId, String meshId) {
        MeshApi.MeshState mesh;
        try {
            mesh = reach(() -> api.state(accountId, meshId));
        } catch (AsmException e) {
            // Only mesh-service's own answer: a 404 of another kind (a path it does not serve yet, in a rolling
            // upgrade) must not fail clusters as if their mesh were gone.
            if (e.code().equals(AsmError.SERVICE_MESH_NOT_FOUND.code())) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(
                new MeshInfo(meshId, mesh.state(), Objects.requireNonNullElse(mesh.intranetPilotEndpoint(), "")));
    }

    public void putRemoteSecret(String accountId, String meshId, String clusterId, String kubeconfig) {
        reach(() -> {
            api.putRemoteSecret(accountId, meshId, clusterId, new MeshApi.RemoteSecret(kubeconfig));
            return null;
        });
    }

    /** Removes the remote secret; a mesh that is gone has none left to remove. */
    public void deleteRemoteSecret(String accountId, String meshId, String clusterId) {
        try {
            reach(() -> {
                api.deleteRemoteSecret(accountId, meshId, clusterId);
                return null;
            });
        } catch (AsmException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
        }
    }

    private static <T> T reach(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProcessingException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE); // refused, timed out, or no readable answer
        }
    }
}
