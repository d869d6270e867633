package io.asm.observability.prometheus;

import io.asm.common.client.ErrorEnvelopeDecoder;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** A member cluster's kubeconfig for the caller's request, from cluster-service (the only holder of credentials). */
@ApplicationScoped
public class ClusterCredentials {

    private static final Logger LOG = Logger.getLogger(ClusterCredentials.class);

    @Inject
    @RestClient
    ClusterCredentialsApi api;

    /**
     * The kubeconfig text; Cluster.NotFound when cluster-service does not know the cluster in the mesh (it left since
     * this service heard), ServiceUnavailable when it cannot give one.
     */
    String kubeconfig(String meshId, String clusterId) {
        try {
            return api.issue(clusterId, new ClusterCredentialsApi.CredentialRequest(meshId))
                    .kubeconfig();
        } catch (ProcessingException e) {
            throw refused(meshId, clusterId, e.getCause() instanceof AsmException asm ? asm : e);
        } catch (AsmException e) {
            throw refused(meshId, clusterId, e);
        }
    }

    /** cluster-service's answer ({@link ErrorEnvelopeDecoder} made it an AsmException), or why there was none. */
    private static AsmException refused(String meshId, String clusterId, RuntimeException e) {
        if (e instanceof AsmException asm && asm.code().equals(AsmError.CLUSTER_NOT_FOUND.code())) {
            return new AsmException(AsmError.CLUSTER_NOT_FOUND, clusterId, "the service mesh " + meshId);
        }
        LOG.warnf("No credential for cluster %s from cluster-service: %s", clusterId, e.getMessage());
        return new AsmException(AsmError.SERVICE_UNAVAILABLE);
    }
}
