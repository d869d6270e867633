package io.asm.mesh.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import io.asm.mesh.domain.Meshes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * mesh-service's internal API, called by the gateway with validated, typed parameters (ASM names) and the caller's
 * account and region in headers. Bodies carry ASM field names so the gateway passes them through.
 */
@Path("/meshes")
@Produces(MediaType.APPLICATION_JSON)
public class MeshResource {

    private final Meshes meshes;
    private final RequestContext context;
    private final ObjectMapper json;

    MeshResource(Meshes meshes, RequestContext context, ObjectMapper json) {
        this.meshes = meshes;
        this.context = context;
        this.json = json;
    }

    /** CreateServiceMesh. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> create(Map<String, Object> params) {
        String region = params.get("RegionId") instanceof String r && !r.isBlank() ? r : context.regionId();
        Mesh mesh = meshes.create(account(), region, params == null ? Map.of() : params);
        return Map.of("ServiceMeshId", mesh.id);
    }

    /** DescribeServiceMeshDetail. */
    @GET
    @Path("{id}")
    public ObjectNode describe(@PathParam("id") String id) {
        Mesh mesh = meshes.find(account(), id);
        ObjectNode out = json.createObjectNode();
        out.set("ServiceMesh", MeshDetailView.of(json, mesh, meshes.features(mesh), mesh.clusters()));
        return out;
    }

    /** DescribeServiceMeshes: the caller's meshes in the request's region, paged. */
    @GET
    public ObjectNode list(@QueryParam("PageNumber") @DefaultValue("1") long page,
                           @QueryParam("PageSize") @DefaultValue("10") long size) {
        if (page < 1 || size < 1 || size > 100) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "PageSize", "PageNumber ≥ 1 and 1 ≤ PageSize ≤ 100.");
        }
        ObjectNode out = json.createObjectNode();
        var array = out.putArray("ServiceMeshes");
        for (Mesh mesh : meshes.list(account(), context.regionId(), (int) page, (int) size)) {
            array.add(MeshDetailView.of(json, mesh, meshes.features(mesh), mesh.clusters()));
        }
        out.put("PageNumber", page);
        out.put("PageSize", size);
        out.put("TotalCount", meshes.count(account(), context.regionId()));
        return out;
    }

    /** DescribeServiceMeshKubeconfig. */
    @GET
    @Path("{id}/kubeconfig")
    public Map<String, String> kubeconfig(@PathParam("id") String id,
                                          @QueryParam("PrivateIpAddress") @DefaultValue("false") boolean privateIp) {
        return Map.of("Kubeconfig", meshes.ownerKubeconfig(account(), id, privateIp));
    }

    /**
     * Internal: a workload certificate signed by the mesh CA ({@code Namespace}, {@code ServiceAccount}, optional
     * {@code TrustDomain} and {@code TtlSeconds}); the key is made here and returned once.
     */
    @POST
    @Path("{id}/workload-certificates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> workloadCertificate(@PathParam("id") String id, Map<String, Object> request) {
        Map<String, Object> r = request == null ? Map.of() : request;
        String trustDomain = r.get("TrustDomain") instanceof String t && !t.isBlank() ? t : Meshes.TRUST_DOMAIN;
        long ttl = r.get("TtlSeconds") instanceof Number n ? n.longValue()
                : MeshCertificateAuthority.DEFAULT_WORKLOAD_TTL.toSeconds();
        Meshes.WorkloadCertificate cert = meshes.signWorkload(account(), id, trustDomain,
                (String) r.get("Namespace"), (String) r.get("ServiceAccount"), java.time.Duration.ofSeconds(ttl));
        return Map.of("CertChain", cert.issued().certificatePem(), "Key", cert.issued().privateKeyPem(),
                "RootCert", cert.rootCert());
    }

    /**
     * Internal (cluster-service): the remote secret through which istiod reads a member cluster, {@code Kubeconfig}
     * holding that cluster's reader token (DOMAIN.md §3.9 step 3). PUT replaces it; DELETE removes it.
     */
    @PUT
    @Path("{id}/remote-secrets/{clusterId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> putRemoteSecret(@PathParam("id") String id, @PathParam("clusterId") String clusterId,
                                               Map<String, Object> request) {
        Object kubeconfig = request == null ? null : request.get("Kubeconfig");
        if (!(kubeconfig instanceof String text) || text.isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "Kubeconfig");
        }
        meshes.putRemoteSecret(account(), id, clusterId, text);
        return Map.of();
    }

    @DELETE
    @Path("{id}/remote-secrets/{clusterId}")
    public Map<String, Object> deleteRemoteSecret(@PathParam("id") String id, @PathParam("clusterId") String clusterId) {
        meshes.deleteRemoteSecret(account(), id, clusterId);
        return Map.of();
    }

    /** UpdateMeshFeature. */
    @PATCH
    @Path("{id}/features")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateFeatures(@PathParam("id") String id, Map<String, Object> changes) {
        meshes.updateFeatures(account(), id, changes == null ? Map.of() : changes);
        return Map.of();
    }

    /** DescribeUpgradeVersion: the version an upgrade would go to, or the current one when none is newer. */
    @GET
    @Path("{id}/upgrade-version")
    public Map<String, Object> upgradeVersion(@PathParam("id") String id) {
        Mesh mesh = meshes.find(account(), id);
        MeshVersions.Version v = MeshVersions.upgradeFrom(mesh.version).orElse(MeshVersions.require(mesh.version));
        return Map.of("Version", Map.of("IstioVersion", v.asm(), "IstioOperatorVersion", v.istio(),
                "KubernetesVersion", v.kubernetes()));
    }

    /** UpgradeMeshVersion. */
    @POST
    @Path("{id}/upgrade")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> upgrade(@PathParam("id") String id, Map<String, Object> params) {
        meshes.upgrade(account(), id, params != null && Boolean.TRUE.equals(params.get("PreCheck")));
        return Map.of();
    }

    /** DeleteServiceMesh. */
    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("id") String id, @QueryParam("Force") @DefaultValue("false") boolean force) {
        meshes.delete(account(), id, force);
        return Map.of();
    }

    private String account() {
        return context.requireAccountId();
    }
}
