-- The API server a cluster's kubeconfig names: one registration per API server, or two meshes would fight over the
-- same istio-system, injector and reader account.
ALTER TABLE cluster ADD COLUMN server text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX cluster_server ON cluster (server) WHERE server <> '';
