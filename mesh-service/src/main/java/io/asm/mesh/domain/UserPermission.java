package io.asm.mesh.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One role a sub-account holds on one mesh of its account (GrantUserPermissions). */
@Entity
@Table(name = "user_permission")
public class UserPermission extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "sub_account_user_id")
    public String subAccountUserId;

    @Column(name = "mesh_id")
    public String meshId;

    @Column(name = "role_name")
    public String roleName;

    @Column(name = "role_type")
    public String roleType;

    @Column(name = "is_ram_role")
    public boolean ramRole;
}
