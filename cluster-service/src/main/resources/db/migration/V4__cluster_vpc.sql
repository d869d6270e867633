-- RegisterCluster records the VPC a cluster lives in, which DescribeServiceMeshClusters shows (CONTRACT.md §9).
ALTER TABLE cluster ADD COLUMN vpc_id text NOT NULL DEFAULT '';
