-- Meshes, scoped by account and region. The reconciler claims rows whose state is not terminal and whose next
-- attempt is due (FOR UPDATE SKIP LOCKED), so several replicas share the work.
CREATE TABLE mesh (
    id                    text PRIMARY KEY,
    account_id            text        NOT NULL,
    region_id             text        NOT NULL,
    name                  text        NOT NULL,
    state                 text        NOT NULL,
    error_message         text        NOT NULL DEFAULT '',
    version               text        NOT NULL,
    vpc_id                text        NOT NULL,
    vswitches             text        NOT NULL,
    api_server_public_eip boolean     NOT NULL DEFAULT false,
    pilot_public_eip      boolean     NOT NULL DEFAULT false,
    features              text        NOT NULL,
    control_plane_ref     text,
    api_server_endpoint   text        NOT NULL DEFAULT '',
    pilot_endpoint        text        NOT NULL DEFAULT '',
    kubeconfig_sealed     text,
    attempts              integer     NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mesh_account ON mesh (account_id, region_id, created_at);
CREATE INDEX mesh_due ON mesh (next_attempt_at) WHERE state IN ('initial', 'updating', 'upgrading', 'deleting');

-- Which data-plane clusters are in which mesh: cluster-service's fact, kept here from its events.
CREATE TABLE mesh_membership (
    mesh_id    text NOT NULL,
    cluster_id text NOT NULL,
    PRIMARY KEY (mesh_id, cluster_id)
);
