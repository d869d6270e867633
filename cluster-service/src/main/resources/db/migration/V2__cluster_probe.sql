-- What the last probe of a registered cluster found (ARCHITECTURE.md: probed on a schedule), for DescribeCens and
-- the State of clusters in no mesh.
ALTER TABLE cluster
    ADD COLUMN reachable   boolean NOT NULL DEFAULT true,
    ADD COLUMN probe_error text    NOT NULL DEFAULT '',
    ADD COLUMN probed_at   timestamptz;
