-- VM applications (AddVmAppToMesh): the desired state, one row per mesh, namespace and Service name. The reconciler
-- claims rows in motion (FOR UPDATE SKIP LOCKED) and writes the ServiceEntry/WorkloadEntries on the mesh API server
-- and the Service in every member cluster; listing and removal read these rows, never the clusters.
CREATE TABLE vm_app (
    id              text PRIMARY KEY,
    account_id      text        NOT NULL,
    mesh_id         text        NOT NULL,
    namespace       text        NOT NULL,
    service_name    text        NOT NULL,
    spec            text        NOT NULL,
    state           text        NOT NULL,
    error_message   text        NOT NULL DEFAULT '',
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX vm_app_name ON vm_app (mesh_id, namespace, service_name);
CREATE INDEX vm_app_account ON vm_app (account_id);
CREATE INDEX vm_app_due ON vm_app (next_attempt_at) WHERE state IN ('applying', 'removing');
