package io.asm.vm.client;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What vm-service asks mesh-service: a mesh's state and istiod address, its CA, and delegate credentials. */
@ApplicationScoped
public class MeshService {

    /** A mesh as vm-service sees it. */
    public record Mesh(String id, String state, String pilotEndpoint) {
        public boolean running() {
            return "running".equals(state);
        }
    }

    /** A leaf certificate and key from the mesh CA, and the root. */
    public record WorkloadCertificate(String certificatePem, String privateKeyPem, String rootPem) {}

    @Inject
    @RestClient
    MeshServiceApi api;

    /** The account's mesh, or empty when it has none by that id. */
    public Optional<Mesh> find(String accountId, String meshId) {
        try {
            MeshServiceApi.MeshState m = call(() -> api.state(meshId, accountId));
            return Optional.of(new Mesh(meshId, m.State(), m.IntranetPilotEndpoint()));
        } catch (AsmException e) {
            if (e.code().equals(AsmError.SERVICE_MESH_NOT_FOUND.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The account's mesh, which must be running. */
    public Mesh requireRunning(String accountId, String meshId) {
        Mesh mesh = find(accountId, meshId).orElseThrow(() -> new AsmException(AsmError.SERVICE_MESH_NOT_FOUND));
        if (!mesh.running()) {
            throw new AsmException(AsmError.INCORRECT_STATUS_SERVICE_MESH, mesh.state());
        }
        return mesh;
    }

    /** A short-lived kubeconfig for the mesh API server (ServiceEntries, WorkloadEntries, VM ServiceAccounts). */
    public String credentials(String accountId, String meshId) {
        return call(() -> api.credentials(meshId, accountId)).Kubeconfig();
    }

    public WorkloadCertificate certificate(
            String accountId,
            String meshId,
            String namespace,
            String serviceAccount,
            String trustDomain,
            Duration ttl) {
        MeshServiceApi.WorkloadCertificate c = call(() -> api.workloadCertificate(
                meshId,
                new MeshServiceApi.WorkloadCertificateRequest(namespace, serviceAccount, trustDomain, ttl.toSeconds()),
                accountId));
        return new WorkloadCertificate(c.CertChain(), c.Key(), c.RootCert());
    }

    /** A service that cannot be reached (connection refused, timeout) is ServiceUnavailable, not an internal error. */
    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProcessingException e) {
            if (e.getCause() instanceof AsmException asm) {
                throw asm;
            }
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }
}
