-- The mesh API server's Kubernetes version (/version gitVersion), read once by the reconciler: DescribeUpgradeVersion
-- answers it without calling the server.
ALTER TABLE mesh ADD COLUMN api_server_version text NOT NULL DEFAULT '';
