package io.asm.cluster.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.cluster.domain.Cluster;
import io.asm.cluster.domain.Clusters;
import io.asm.common.api.WireTime;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** cluster-service's internal API, one method per action (ARCHITECTURE.md, action ownership). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    /** A listing is always paged: without {@code Limit}, this many. */
    static final long DEFAULT_LIMIT = 100;
    static final long MAX_LIMIT = 1000;

    private final Clusters clusters;
    private final RequestContext context;
    private final ObjectMapper json;

    ClusterResource(Clusters clusters, RequestContext context, ObjectMapper json) {
        this.clusters = clusters;
        this.context = context;
        this.json = json;
    }

    /**
     * DescribeServiceMeshClusters: the caller's registered clusters, paged by {@code Offset}/{@code Limit}, each with
     * the mesh it is in and whether it can be added ({@code ForbiddenFlag}/{@code ForbiddenInfo}, today's model) to
     * {@code ServiceMeshId}, or to any mesh when none is named.
     */
    @GET
    @Path("clusters")
    public ObjectNode registered(@QueryParam("ServiceMeshId") String meshId, @QueryParam("Offset") Long offset,
                                 @QueryParam("Limit") Long limit) {
        long from = offset == null ? 0 : offset;
        long size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0 || from > Integer.MAX_VALUE) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "Offset", "It must be from 0 to " + Integer.MAX_VALUE + ".");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "Limit", "It must be from 1 to " + MAX_LIMIT + ".");
        }
        String target = meshId == null || meshId.isBlank() ? null : meshId;
        Clusters.Page page = clusters.candidates(account(), target, (int) from, (int) size);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Clusters");
        for (Cluster c : page.clusters()) {
            String why = whyNotAddable(c, target);
            item(items, c).put("ForbiddenFlag", why.isEmpty() ? 0 : 1).put("ForbiddenInfo", why);
        }
        out.put("NumberOfClusters", page.total());
        return out;
    }

    private static String whyNotAddable(Cluster c, String targetMesh) {
        if (c.meshId != null) {
            return c.meshId.equals(targetMesh) ? "It is in this service mesh already." : "It is in the service mesh " + c.meshId + ".";
        }
        return c.reachable ? "" : "Its API server cannot be reached: " + c.probeError;
    }

    /** DescribeClustersInServiceMesh. */
    @GET
    @Path("meshes/{meshId}/clusters")
    public ObjectNode inMesh(@PathParam("meshId") String meshId) {
        return view(clusters.inMesh(account(), meshId));
    }

    /** AddClusterIntoServiceMesh: answers at once; the cluster shows {@code connecting} until it is in. */
    @POST
    @Path("meshes/{meshId}/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> add(@PathParam("meshId") String meshId, Map<String, Object> request) {
        Map<String, Object> r = request == null ? Map.of() : request;
        if (!(r.get("ClusterId") instanceof String clusterId) || clusterId.isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "ClusterId");
        }
        Clusters.Registration registration = r.get("Kubeconfig") instanceof String k && !k.isBlank() ? clusters.prove(k) : null;
        clusters.add(account(), region(), meshId, clusterId, registration, Boolean.TRUE.equals(r.get("DiscoveryOnly")),
                Boolean.TRUE.equals(r.get("IgnoreNamespaceCheck")));
        return success();
    }

    /** RemoveClusterFromServiceMesh. */
    @DELETE
    @Path("meshes/{meshId}/clusters/{clusterId}")
    public Map<String, String> remove(@PathParam("meshId") String meshId, @PathParam("clusterId") String clusterId) {
        clusters.remove(account(), meshId, clusterId);
        return success();
    }

    /**
     * DescribeCens: the clusters that are not connected (DOMAIN.md §3.6), as ids: of the given mesh, or of all the
     * caller's meshes (ServiceMeshId is optional in every source).
     */
    @GET
    @Path("cens")
    public Map<String, List<String>> cens(@QueryParam("ServiceMeshId") String meshId) {
        return Map.of("Clusters", clusters.unreachable(account(), meshId == null || meshId.isBlank() ? null : meshId));
    }

    /** The SDKs read Code as a string (CONTRACT.md §1.5). */
    private static Map<String, String> success() {
        return Map.of("Code", "200", "Message", "success");
    }

    private ObjectNode view(List<Cluster> list) {
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Clusters");
        list.forEach(c -> item(items, c));
        return out;
    }

    /** One cluster in the shape both listing actions share. */
    private static ObjectNode item(ArrayNode items, Cluster c) {
        ObjectNode item = items.addObject();
        item.put("ClusterId", c.id);
        item.put("Name", c.name);
        item.put("ClusterType", "ExternalKubernetes");
        item.put("RegionId", c.regionId);
        item.put("ServiceMeshId", c.meshId == null ? "" : c.meshId);
        // In a mesh: the membership's state; in none: what the last probe found.
        item.put("State", !c.state.isEmpty() ? c.state : c.reachable ? "running" : "failed");
        item.put("ErrorMessage", !c.state.isEmpty() || c.reachable ? c.errorMessage : c.probeError);
        item.put("Version", c.version);
        item.put("ClusterDomain", c.clusterDomain);
        item.put("VpcId", "");
        item.put("SgId", "");
        item.put("CreationTime", WireTime.format(c.createdAt));
        item.put("UpdateTime", WireTime.format(c.updatedAt));
        return item;
    }

    private String account() {
        return context.requireAccountId();
    }

    private String region() {
        String region = context.regionId();
        return region == null || region.isBlank() ? "cn-hangzhou" : region;
    }
}
