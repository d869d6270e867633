package io.asm.mesh.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import io.asm.mesh.domain.Meshes;
import io.asm.mesh.kube.MeshApiServer;
import jakarta.inject.Inject;
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
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * mesh-service's internal API, called by the gateway with validated, typed parameters (ASM names) and the caller's
 * account and region in headers. Requests and answers are records ({@link MeshRequests}, {@link MeshResponses})
 * carrying ASM field names, so the gateway passes them through and /q/openapi describes them.
 */
@Path("/meshes")
@Produces(MediaType.APPLICATION_JSON)
public class MeshResource {

    private static final DateTimeFormatter EXPIRE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Inject
    Meshes meshes;

    @Inject
    RequestContext context;

    @Inject
    ObjectMapper json;

    @Inject
    MeshVersions versions;

    /** CreateServiceMesh, in the region the gateway resolved. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Created create(MeshRequests.CreateMesh request) {
        Map<String, Object> params = request == null ? Map.of() : request.params();
        return new MeshResponses.Created(meshes.create(account(), context.requireRegionId(), params).id);
    }

    /** DescribeServiceMeshDetail. */
    @GET
    @Path("{id}")
    public MeshResponses.Detail describe(@PathParam("id") String id) {
        return new MeshResponses.Detail(view(meshes.find(account(), id)));
    }

    /**
     * A mesh's state and istiod address: all that vm-service and cluster-service check of a mesh, without rendering
     * its detail (which they used to fetch and parse for these two fields on every call).
     */
    @GET
    @Path("{id}/state")
    public MeshResponses.State state(@PathParam("id") String id) {
        Meshes.Status mesh = meshes.status(account(), id);
        return new MeshResponses.State(id, mesh.state(), mesh.pilotEndpoint());
    }

    /**
     * DescribeServiceMeshes: the caller's meshes in the request's region, paged. Without PageSize the page is the
     * largest, above the default mesh quota: ASM answers every mesh at once, and Terraform reads only this answer.
     */
    @GET
    public MeshResponses.Page list(
            @QueryParam("PageNumber") @DefaultValue("1") long page,
            @QueryParam("PageSize") @DefaultValue("100") long size) {
        if (page < 1 || size < 1 || size > 100) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "PageSize", "PageNumber ≥ 1 and 1 ≤ PageSize ≤ 100.");
        }
        Meshes.Page found = meshes.list(account(), context.regionId(), page, (int) size);
        return new MeshResponses.Page(found.meshes().stream().map(this::view).toList(), page, size, found.totalCount());
    }

    /** DescribeServiceMeshKubeconfig. */
    @GET
    @Path("{id}/kubeconfig")
    public MeshResponses.Kubeconfig kubeconfig(
            @PathParam("id") String id, @QueryParam("PrivateIpAddress") @DefaultValue("false") boolean privateIp) {
        MeshApiServer.OwnerKubeconfig issued = meshes.ownerKubeconfig(account(), id, privateIp);
        return new MeshResponses.Kubeconfig(issued.kubeconfig(), EXPIRE_TIME.format(issued.expiresAt()));
    }

    /** Internal (vm-service): a workload certificate signed by the mesh CA; the key is made here and returned once. */
    @POST
    @Path("{id}/workload-certificates")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.WorkloadCertificate workloadCertificate(
            @PathParam("id") String id, MeshRequests.SignWorkload request) {
        MeshRequests.SignWorkload r = request == null ? new MeshRequests.SignWorkload(null, null, null, null) : request;
        String trustDomain =
                r.trustDomain() == null || r.trustDomain().isBlank() ? Meshes.TRUST_DOMAIN : r.trustDomain();
        Duration ttl = r.ttlSeconds() == null
                ? MeshCertificateAuthority.DEFAULT_WORKLOAD_TTL
                : Duration.ofSeconds(r.ttlSeconds());
        Meshes.WorkloadCertificate cert =
                meshes.signWorkload(account(), id, trustDomain, r.namespace(), r.serviceAccount(), ttl);
        return new MeshResponses.WorkloadCertificate(
                cert.issued().certificatePem(), cert.issued().privateKeyPem(), cert.rootCert());
    }

    /**
     * Internal (cluster-service): the remote secret through which istiod reads a member cluster (DOMAIN.md §3.9
     * step 3). PUT replaces it; DELETE removes it.
     */
    @PUT
    @Path("{id}/remote-secrets/{clusterId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done putRemoteSecret(
            @PathParam("id") String id, @PathParam("clusterId") String clusterId, MeshRequests.RemoteSecret request) {
        if (request == null
                || request.kubeconfig() == null
                || request.kubeconfig().isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "Kubeconfig");
        }
        meshes.putRemoteSecret(account(), id, clusterId, request.kubeconfig());
        return new MeshResponses.Done();
    }

    @DELETE
    @Path("{id}/remote-secrets/{clusterId}")
    public MeshResponses.Done deleteRemoteSecret(@PathParam("id") String id, @PathParam("clusterId") String clusterId) {
        meshes.deleteRemoteSecret(account(), id, clusterId);
        return new MeshResponses.Done();
    }

    /** UpdateMeshFeature. */
    @PATCH
    @Path("{id}/features")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done updateFeatures(@PathParam("id") String id, MeshRequests.UpdateFeatures changes) {
        meshes.updateFeatures(account(), id, changes == null ? Map.of() : changes.given());
        return new MeshResponses.Done();
    }

    /**
     * DescribeUpgradeVersion (DOMAIN.md §3.14): the release an upgrade would go to — upstream Istio version, full ASM
     * version — and the mesh API server's Kubernetes version as the reconciler read it (no call to the server here);
     * all empty when the mesh already runs the newest.
     */
    @GET
    @Path("{id}/upgrade-version")
    public MeshResponses.UpgradeVersion upgradeVersion(@PathParam("id") String id) {
        Mesh mesh = meshes.find(account(), id);
        return new MeshResponses.UpgradeVersion(versions.upgradeFrom(mesh.version)
                .map(v -> new MeshResponses.Version(v.istio(), v.asm(), mesh.apiServerVersion))
                .orElse(new MeshResponses.Version("", "", "")));
    }

    /** UpgradeMeshVersion. */
    @POST
    @Path("{id}/upgrade")
    @Consumes(MediaType.WILDCARD)
    public MeshResponses.Done upgrade(@PathParam("id") String id, MeshRequests.Upgrade request) {
        meshes.upgrade(account(), id, request != null && Boolean.TRUE.equals(request.preCheck()));
        return new MeshResponses.Done();
    }

    /** DeleteServiceMesh. */
    @DELETE
    @Path("{id}")
    public MeshResponses.Done delete(
            @PathParam("id") String id, @QueryParam("Force") @DefaultValue("false") boolean force) {
        meshes.delete(account(), id, force);
        return new MeshResponses.Done();
    }

    private JsonNode view(Mesh mesh) {
        return MeshDetailView.of(json, mesh, meshes.features(mesh), mesh.clusters());
    }

    private String account() {
        return context.requireAccountId();
    }
}
