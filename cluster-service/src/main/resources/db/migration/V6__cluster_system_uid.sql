-- The UID of the cluster's kube-system namespace: the cluster's identity however its kubeconfig spells or reaches its
-- server. One registration per cluster; rows stored before this get theirs from the probe.
ALTER TABLE cluster ADD COLUMN system_uid text;
CREATE UNIQUE INDEX cluster_system_uid ON cluster (system_uid) WHERE system_uid IS NOT NULL;
