-- Data-plane clusters registered by their kubeconfig (sealed), and their membership in at most one mesh. The
-- reconciler claims rows whose membership is in motion (FOR UPDATE SKIP LOCKED), so several replicas share the work.
CREATE TABLE cluster (
    id                text PRIMARY KEY,
    account_id        text        NOT NULL,
    region_id         text        NOT NULL,
    name              text        NOT NULL,
    kubeconfig_sealed text        NOT NULL,
    version           text        NOT NULL DEFAULT '',
    cluster_domain    text        NOT NULL DEFAULT 'cluster.local',
    mesh_id           text,
    state             text        NOT NULL DEFAULT '',
    discovery_only    boolean     NOT NULL DEFAULT false,
    check_namespace   boolean     NOT NULL DEFAULT true,
    error_message     text        NOT NULL DEFAULT '',
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cluster_account ON cluster (account_id, created_at);
CREATE INDEX cluster_mesh ON cluster (mesh_id);
CREATE INDEX cluster_due ON cluster (next_attempt_at) WHERE state IN ('connecting', 'removing');
