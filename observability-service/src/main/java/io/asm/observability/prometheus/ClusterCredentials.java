package io.asm.observability.prometheus;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
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
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new AsmException(AsmError.CLUSTER_NOT_FOUND, clusterId, "the service mesh " + meshId);
            }
            LOG.warnf(
                    "No credential for cluster %s from cluster-service: HTTP %d",
                    clusterId, e.getResponse().getStatus());
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        } catch (ProcessingException e) {
            LOG.warnf("No credential for cluster %s from cluster-service: %s", clusterId, e.getMessage());
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }
}
