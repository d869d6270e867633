-- Read model of meshes and their member clusters, fed by mesh-service's and cluster-service's events.
CREATE TABLE mesh (
    id         text PRIMARY KEY,
    account_id text NOT NULL,
    -- MeshDeleted is final: a late ClusterAttached cannot bring the mesh back.
    deleted    boolean NOT NULL DEFAULT false
);

CREATE TABLE mesh_member (
    cluster_id text PRIMARY KEY,
    mesh_id    text NOT NULL,
    account_id text NOT NULL
);
CREATE INDEX mesh_member_mesh ON mesh_member (mesh_id);

-- A mesh's Grafana folder and dashboards, pushed (publishing) or taken down (removing) by GrafanaFolders.
CREATE TABLE grafana_folder (
    id              text PRIMARY KEY,
    state           text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    error_message   text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grafana_folder_due ON grafana_folder (next_attempt_at) WHERE state IN ('publishing', 'removing');
