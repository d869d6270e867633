-- DescribeServiceMeshes pages by (created_at, id) within an account and region. With id in the index the page's ids
-- come from an index-only scan, however deep the page; without it a late page of 10,000 meshes sorted the whole
-- account's rows (docs/benchmarks.md, "Scale: the database at size").
DROP INDEX mesh_account;
CREATE INDEX mesh_account ON mesh (account_id, region_id, created_at, id);
