package io.asm.mesh.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.mesh.kube.MeshUserRbac;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GrantUserPermissions / DescribeUserPermissions: a sub-account's roles on its account's meshes. A grant replaces the
 * sub-account's whole set (an empty list revokes everything, as Terraform's delete does) and is applied at once as
 * RBAC on each mesh API server concerned, so every mesh it touches must be running.
 */
@ApplicationScoped
@Transactional
public class UserPermissions {

    static final Set<String> ROLES = Set.of("istio-admin", "istio-ops", "istio-readonly");
    private static final String SHAPE = "It must be a JSON array of {\"Cluster\": a service mesh id, \"RoleName\":"
            + " istio-admin, istio-ops or istio-readonly, \"RoleType\": custom, \"IsRamRole\", \"IsCustom\": booleans}.";

    @Inject
    Meshes meshes;

    @Inject
    MeshUserRbac rbac;

    @Inject
    SecretCipher cipher;

    /** One element of the Permissions parameter, as Terraform sends it. */
    record Requested(
            @JsonProperty("Cluster") String cluster,
            @JsonProperty("RoleName") String roleName,
            @JsonProperty("RoleType") String roleType,
            @JsonProperty("IsRamRole") Boolean isRamRole,
            @JsonProperty("IsCustom") Boolean isCustom) {}

    /** GrantUserPermissions; {@code ramRole} (the IsRamRole parameter) is the default for elements that omit it. */
    public void grant(String accountId, String subAccountUserId, String permissionsJson, boolean ramRole) {
        Requested[] requested = StrictJson.read("Permissions", permissionsJson, Requested[].class, SHAPE);
        Map<String, UserPermission> next = new LinkedHashMap<>();
        for (Requested r : requested) {
            if (r == null
                    || r.cluster() == null
                    || !r.cluster().matches("c[0-9a-f]{32}")
                    || !ROLES.contains(r.roleName())
                    || (r.roleType() != null
                            && !r.roleType().isEmpty()
                            && !r.roleType().equals("custom"))
                    || next.containsKey(r.cluster())) {
                throw StrictJson.invalid("Permissions", SHAPE + " Each service mesh at most once.");
            }
            UserPermission p = new UserPermission();
            p.accountId = accountId;
            p.subAccountUserId = subAccountUserId;
            p.meshId = r.cluster();
            p.roleName = r.roleName();
            p.roleType = "custom";
            p.ramRole = r.isRamRole() == null ? ramRole : r.isRamRole();
            next.put(p.meshId, p);
        }
        List<UserPermission> current =
                UserPermission.list("accountId = ?1 and subAccountUserId = ?2", accountId, subAccountUserId);
        Set<String> touched = new HashSet<>(next.keySet());
        current.forEach(p -> touched.add(p.meshId));
        for (String meshId : touched) {
            Mesh mesh = Mesh.findById(meshId);
            if (mesh == null || !mesh.accountId.equals(accountId)) {
                if (next.containsKey(meshId)) {
                    throw new AsmException(AsmError.SERVICE_MESH_NOT_FOUND);
                }
                continue; // a mesh deleted since: its API server went with it
            }
            if (mesh.meshState() != MeshState.RUNNING || mesh.kubeconfigSealed == null) {
                throw new AsmException(AsmError.GRANT_NOT_RUNNING, meshId, mesh.state);
            }
        }
        UserPermission.delete("accountId = ?1 and subAccountUserId = ?2", accountId, subAccountUserId);
        next.values().forEach(p -> p.persist());
        // After the rows: a failure here rolls them back, and a retried grant applies the same RBAC again.
        for (String meshId : touched) {
            Mesh mesh = Mesh.findById(meshId);
            if (mesh != null && mesh.accountId.equals(accountId)) {
                UserPermission p = next.get(meshId);
                rbac.bind(
                        cipher.decrypt(mesh.kubeconfigSealed),
                        subAccountUserId,
                        p == null ? null : p.roleName,
                        p != null && p.ramRole);
            }
        }
    }

    /** DescribeUserPermissions: the sub-account's roles on meshes that still exist, by mesh id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UserPermission> of(String accountId, String subAccountUserId) {
        return UserPermission.list(
                "accountId = ?1 and subAccountUserId = ?2 and meshId in (select m.id from Mesh m) order by meshId",
                accountId,
                subAccountUserId);
    }
}
