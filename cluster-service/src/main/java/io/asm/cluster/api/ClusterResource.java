package io.asm.cluster.api;

import io.asm.cluster.domain.Cluster;
import io.asm.cluster.domain.ClusterProfile;
import io.asm.cluster.domain.Clusters;
import io.asm.common.api.WireTime;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** cluster-service's internal API, one method per action (ARCHITECTURE.md, action ownership). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    /** A listing is always paged: without {@code Limit}, this many. */
    static final long DEFAULT_LIMIT = 100;

    static final long MAX_LIMIT = 1000;

    @Inject
    Clusters clusters;

    @Inject
    RequestContext context;

    /**
     * DescribeServiceMeshClusters: the caller's registered clusters, paged by {@code Offset}/{@code Limit}, each with
     * the mesh it is in and whether it can be added ({@code ForbiddenFlag}/{@code ForbiddenInfo}, today's model) to
     * {@code ServiceMeshId}, or to any mesh when none is named.
     */
    @GET
    @Path("clusters")
    public ClusterResponses.Registered registered(
            @QueryParam("ServiceMeshId") String meshId,
            @QueryParam("Offset") Long offset,
            @QueryParam("Limit") Long limit) {
        long from = offset == null ? 0 : offset;
        long size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0 || from > Integer.MAX_VALUE) {
            throw new AsmException(
                    AsmError.INVALID_PARAMETER, "Offset", "It must be from 0 to " + Integer.MAX_VALUE + ".");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "Limit", "It must be from 1 to " + MAX_LIMIT + ".");
        }
        String target = meshId == null || meshId.isBlank() ? null : meshId;
        Clusters.Page page = clusters.candidates(account(), target, (int) from, (int) size);
        List<ClusterResponses.ClusterItem> items = page.clusters().stream()
                .map(c -> item(c).forbidden(whyNotAddable(c, target)))
                .toList();
        return new ClusterResponses.Registered(items, page.total());
    }

    private static String whyNotAddable(Cluster c, String targetMesh) {
        if (c.meshId != null) {
            return c.meshId.equals(targetMesh)
                    ? "It is in this service mesh already."
                    : "It is in the service mesh " + c.meshId + ".";
        }
        return c.reachable ? "" : "Its API server cannot be reached: " + c.probeError;
    }

    /**
     * RegisterCluster (extension action, the self-hosted stand-in for the cloud's cluster list): proven and stored
     * exactly as AddClusterIntoServiceMesh's Kubeconfig is, so that adding by ClusterId alone works afterwards.
     */
    @POST
    @Path("clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClusterResponses.ClusterRegistered register(ClusterRequests.RegisterCluster request) {
        if (request == null
                || request.clusterId() == null
                || request.clusterId().isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "ClusterId");
        }
        if (request.kubeconfig() == null || request.kubeconfig().isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "Kubeconfig");
        }
        ClusterProfile profile =
                ClusterProfile.of(request.clusterId(), request.name(), request.vpcId(), request.clusterDomain());
        Clusters.Registration registration = clusters.prove(request.kubeconfig());
        Cluster cluster =
                clusters.register(account(), context.requireRegionId(), request.clusterId(), registration, profile);
        return new ClusterResponses.ClusterRegistered(item(cluster));
    }

    /** DeregisterCluster (extension action): refused while the cluster is in a mesh. */
    @DELETE
    @Path("clusters/{clusterId}")
    public ClusterResponses.Success deregister(@PathParam("clusterId") String clusterId) {
        clusters.deregister(account(), clusterId);
        return ClusterResponses.Success.OK;
    }

    /** DescribeClustersInServiceMesh. */
    @GET
    @Path("meshes/{meshId}/clusters")
    public ClusterResponses.InMesh inMesh(@PathParam("meshId") String meshId) {
        return new ClusterResponses.InMesh(clusters.inMesh(account(), meshId).stream()
                .map(ClusterResource::item)
                .toList());
    }

    /** AddClusterIntoServiceMesh: answers at once; the cluster shows {@code connecting} until it is in. */
    @POST
    @Path("meshes/{meshId}/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClusterResponses.Success add(@PathParam("meshId") String meshId, ClusterRequests.AddCluster request) {
        if (request == null
                || request.clusterId() == null
                || request.clusterId().isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "ClusterId");
        }
        String kubeconfig = request.kubeconfig();
        Clusters.Registration registration =
                kubeconfig != null && !kubeconfig.isBlank() ? clusters.prove(kubeconfig) : null;
        clusters.add(
                account(),
                context.requireRegionId(),
                meshId,
                request.clusterId(),
                registration,
                Boolean.TRUE.equals(request.discoveryOnly()),
                Boolean.TRUE.equals(request.ignoreNamespaceCheck()));
        return ClusterResponses.Success.OK;
    }

    /** RemoveClusterFromServiceMesh. */
    @DELETE
    @Path("meshes/{meshId}/clusters/{clusterId}")
    public ClusterResponses.Success remove(
            @PathParam("meshId") String meshId,
            @PathParam("clusterId") String clusterId,
            @QueryParam("ReserveNamespace") @DefaultValue("false") boolean reserveNamespace) {
        clusters.remove(account(), meshId, clusterId, reserveNamespace);
        return ClusterResponses.Success.OK;
    }

    /**
     * DescribeCens: the clusters that are not connected (DOMAIN.md §3.6), as ids: of the given mesh, or of all the
     * caller's meshes (ServiceMeshId is optional in every source).
     */
    @GET
    @Path("cens")
    public ClusterResponses.Cens cens(@QueryParam("ServiceMeshId") String meshId) {
        return new ClusterResponses.Cens(
                clusters.unreachable(account(), meshId == null || meshId.isBlank() ? null : meshId));
    }

    /** One cluster in the shape both listing actions share. */
    private static ClusterResponses.ClusterItem item(Cluster c) {
        // In a mesh: the membership's state; in none: what the last probe found.
        String state = !c.state.isEmpty() ? c.state : c.reachable ? "running" : "failed";
        String error = !c.state.isEmpty() || c.reachable ? c.errorMessage : c.probeError;
        return new ClusterResponses.ClusterItem(
                c.id,
                c.name,
                "ExternalKubernetes",
                c.regionId,
                c.meshId == null ? "" : c.meshId,
                state,
                error,
                c.version,
                c.clusterDomain,
                c.vpcId,
                "",
                WireTime.format(c.createdAt),
                WireTime.format(c.updatedAt),
                null,
                null);
    }

    private String account() {
        return context.requireAccountId();
    }
}
