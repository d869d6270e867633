-- Who may call the API: accounts own AccessKeys; secrets are sealed with the configured AES-GCM key.
CREATE TABLE account (
    id         text PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    admin      boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE access_key (
    id            text PRIMARY KEY,
    account_id    text        NOT NULL REFERENCES account (id),
    secret_sealed text        NOT NULL,
    status        text        NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Inactive')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_key_account ON access_key (account_id);

-- Nonces seen within the timestamp window; the primary key makes a replay fail on every gateway replica.
CREATE TABLE signature_nonce (
    access_key_id text        NOT NULL,
    nonce         text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (access_key_id, nonce)
);
CREATE INDEX signature_nonce_expiry ON signature_nonce (expires_at);
