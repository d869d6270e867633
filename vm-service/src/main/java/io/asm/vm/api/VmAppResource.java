package io.asm.vm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.vm.client.MeshService;
import io.asm.vm.domain.VmApp;
import io.asm.vm.domain.VmAppInput;
import io.asm.vm.domain.VmAppSpec;
import io.asm.vm.domain.VmApps;
import io.asm.vm.kube.MeshExpansionObjects;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AddVmAppToMesh, RemoveVmAppFromMesh, GetVmAppMeshInfo. Each answers {@code Data} as a string holding JSON text, as
 * the SDKs read it (CONTRACT.md §1.6). The mesh is checked first, outside any transaction.
 */
@Path("/meshes/{ServiceMeshId}/vm-apps")
@Produces(MediaType.APPLICATION_JSON)
public class VmAppResource {

    /** AddVmAppToMesh's parameters, as the gateway passes them. */
    public record AddVmAppRequest(
            String Namespace,
            String ServiceName,
            String Ips,
            String Ports,
            String Labels,
            String Annotations,
            String ServiceAccount,
            Boolean Force,
            Boolean UseWorkload) {}

    /** The answer of all three: JSON text in a string. */
    public record VmAppData(String Data) {}

    /** One application in GetVmAppMeshInfo. */
    @RegisterForReflection
    public record VmAppInfo(
            String Namespace,
            String ServiceName,
            String State,
            String ErrorMessage,
            List<String> Ips,
            List<VmAppSpec.Port> Ports,
            Map<String, String> Labels,
            Map<String, String> Annotations,
            String ServiceAccount,
            Map<String, Object> Objects) {}

    @Inject
    VmApps apps;

    @Inject
    MeshService meshes;

    @Inject
    RequestContext context;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public VmAppData add(@PathParam("ServiceMeshId") String meshId, AddVmAppRequest r) {
        if (r == null) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "ServiceName");
        }
        VmAppSpec spec = VmAppInput.parse(
                r.Namespace(),
                r.ServiceName(),
                r.Ips(),
                r.Ports(),
                r.Labels(),
                r.Annotations(),
                r.ServiceAccount(),
                r.Force());
        meshes.requireRunning(account(), meshId);
        apps.add(account(), meshId, spec);
        return data(MeshExpansionObjects.data(spec));
    }

    @DELETE
    @Path("{ServiceName}")
    public VmAppData remove(
            @PathParam("ServiceMeshId") String meshId,
            @PathParam("ServiceName") String serviceName,
            @QueryParam("Namespace") String namespace) {
        if (namespace == null || namespace.isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "Namespace");
        }
        requireMesh(meshId);
        return data(MeshExpansionObjects.data(apps.remove(meshId, namespace, serviceName)));
    }

    @GET
    public VmAppData list(@PathParam("ServiceMeshId") String meshId) {
        requireMesh(meshId);
        Map<String, VmAppInfo> out = new LinkedHashMap<>();
        for (VmApp app : apps.list(meshId)) {
            VmAppSpec s = apps.spec(app);
            out.put(
                    app.namespace + "/" + app.serviceName,
                    new VmAppInfo(
                            app.namespace,
                            app.serviceName,
                            app.state,
                            app.errorMessage,
                            s.ips(),
                            s.ports(),
                            s.labels(),
                            s.annotations(),
                            s.serviceAccount(),
                            MeshExpansionObjects.data(s)));
        }
        return data(out);
    }

    /** Listing and removal work on a mesh in any state; another account's mesh does not exist. */
    private void requireMesh(String meshId) {
        meshes.find(account(), meshId).orElseThrow(() -> new AsmException(AsmError.SERVICE_MESH_NOT_FOUND));
    }

    private VmAppData data(Object value) {
        try {
            return new VmAppData(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String account() {
        return context.requireAccountId();
    }
}
