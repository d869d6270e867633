package io.asm.observability.prometheus;

import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** A member cluster's kubeconfig for the caller's request, from cluster-service (the only holder of credentials). */
@ApplicationScoped
public class ClusterCredentials {

    private static final Logger LOG = Logger.getLogger(ClusterCredentials.class);

    private final ClusterCredentialsApi api;
    private final RequestContext context;
    private final String token;

    ClusterCredentials(@RestClient ClusterCredentialsApi api, RequestContext context, InternalConfig internal) {
        this.api = api;
        this.context = context;
        this.token = internal.token();
    }

    /** The kubeconfig text; ServiceUnavailable when cluster-service cannot give one. */
    String kubeconfig(String meshId, String clusterId) {
        try {
            return api.issue(clusterId, token, context.requireAccountId(), context.regionId(), context.requestId(),
                    new ClusterCredentialsApi.CredentialRequest(meshId)).kubeconfig();
        } catch (WebApplicationException | ProcessingException e) {
            LOG.warnf("No credential for cluster %s from cluster-service: %s", clusterId, e.getMessage());
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }
}
