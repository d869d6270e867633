-- A reconciled table as the services have them, for ReconcileLoopTest.
CREATE TABLE test_reconciled (
    id              text PRIMARY KEY,
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    error_message   text        NOT NULL DEFAULT '',
    updated_at      timestamptz NOT NULL DEFAULT now()
);
