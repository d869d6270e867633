package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.mesh.domain.UserPermissions;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** GrantUserPermissions (PUT: the sub-account's whole set) and DescribeUserPermissions. */
@Path("/user-permissions/{SubAccountUserId}")
@Produces(MediaType.APPLICATION_JSON)
public class UserPermissionResource {

    @Inject
    UserPermissions permissions;

    @Inject
    RequestContext context;

    public record Grant(
            @JsonProperty("Permissions") String permissions,
            @JsonProperty("IsRamRole") Boolean isRamRole) {}

    /** One permission as DescribeUserPermissions gives it; IsRamRole is always a JSON boolean. */
    public record Permission(
            @JsonProperty("ResourceId") String resourceId,
            @JsonProperty("ResourceType") String resourceType,
            @JsonProperty("RoleName") String roleName,
            @JsonProperty("RoleType") String roleType,
            @JsonProperty("IsRamRole") boolean isRamRole,
            @JsonProperty("IsOwner") boolean isOwner,
            @JsonProperty("ParentId") String parentId) {}

    public record Permissions(@JsonProperty("Permissions") List<Permission> permissions) {}

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done grant(@PathParam("SubAccountUserId") String subAccount, Grant body) {
        if (body == null || body.permissions() == null) {
            throw AsmError.missing("Permissions");
        }
        permissions.grant(
                context.requireAccountId(), subAccount, body.permissions(), Boolean.TRUE.equals(body.isRamRole()));
        return new MeshResponses.Done();
    }

    @GET
    public Permissions describe(@PathParam("SubAccountUserId") String subAccount) {
        String account = context.requireAccountId();
        return new Permissions(permissions.of(account, subAccount).stream()
                .map(p -> new Permission(p.meshId, "cluster", p.roleName, p.roleType, p.ramRole, false, account))
                .toList());
    }
}
