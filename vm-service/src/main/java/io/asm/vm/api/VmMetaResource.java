package io.asm.vm.api;

import io.asm.common.context.RequestContext;
import io.asm.vm.domain.VmBootstrap;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** GetVmMeta: the VM bootstrap bundle, with the field names the core SDK reads (CONTRACT.md Appendix A). */
@Path("/meshes/{ServiceMeshId}/vm-meta")
@Produces(MediaType.APPLICATION_JSON)
public class VmMetaResource {

    public record VmMeta(VmMetaInfo VmMetaInfo) {}

    public record VmMetaInfo(
            String CertChainPath,
            String CertChainContent,
            String KeyPath,
            String KeyContent,
            String RootCertPath,
            String RootCertContent,
            String EnvoyEnvPath,
            String EnvoyEnvContent,
            String HostsPath,
            String HostsContent,
            String TokenPath,
            String TokenContent) {}

    @Inject
    VmBootstrap bootstrap;

    @Inject
    RequestContext context;

    @GET
    public VmMeta get(
            @PathParam("ServiceMeshId") String meshId,
            @QueryParam("Namespace") String namespace,
            @QueryParam("ServiceAccount") String serviceAccount,
            @QueryParam("TrustDomain") String trustDomain) {
        VmBootstrap.Bundle b =
                bootstrap.bundle(context.requireAccountId(), meshId, namespace, serviceAccount, trustDomain);
        return new VmMeta(new VmMetaInfo(
                VmBootstrap.CERT_CHAIN_PATH,
                b.certChain(),
                VmBootstrap.KEY_PATH,
                b.key(),
                VmBootstrap.ROOT_CERT_PATH,
                b.rootCert(),
                VmBootstrap.ENVOY_ENV_PATH,
                b.envoyEnv(),
                VmBootstrap.HOSTS_PATH,
                b.hosts(),
                VmBootstrap.TOKEN_PATH,
                b.token()));
    }
}
