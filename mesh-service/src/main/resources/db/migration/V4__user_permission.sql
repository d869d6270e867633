-- GrantUserPermissions: the roles a sub-account (RAM user or role) of an account holds on that account's meshes,
-- applied as RBAC on each mesh API server. A grant replaces the sub-account's whole set.
CREATE TABLE user_permission (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id          text    NOT NULL,
    sub_account_user_id text    NOT NULL,
    mesh_id             text    NOT NULL,
    role_name           text    NOT NULL,
    role_type           text    NOT NULL DEFAULT 'custom',
    is_ram_role         boolean NOT NULL DEFAULT false,
    UNIQUE (account_id, sub_account_user_id, mesh_id)
);
CREATE INDEX user_permission_mesh ON user_permission (mesh_id);
