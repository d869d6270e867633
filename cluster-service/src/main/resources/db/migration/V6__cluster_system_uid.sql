-- The UID of the cluster's kube-system namespace, where its credentials may read it: the cluster's identity however its
-- server is spelled or reached. `server` now holds the address and port the server resolves to (addr:<ip>:<port>).
ALTER TABLE cluster ADD COLUMN system_uid text;
CREATE UNIQUE INDEX cluster_system_uid ON cluster (system_uid) WHERE system_uid IS NOT NULL;
