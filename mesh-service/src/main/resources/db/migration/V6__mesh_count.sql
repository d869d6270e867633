-- DescribeServiceMeshes' TotalCount, kept by the database itself: counting an account's 10,000 meshes on every page
-- read grew with the account (docs/benchmarks.md, "Scale: the database at size"). Statement triggers see every
-- writer (the API, the reconciler's deletes, a bulk load) and update a count once per statement; the functions keep
-- this schema as their search path, so a writer with another one (psql) finds mesh_count too.
CREATE TABLE mesh_count (
    account_id text   NOT NULL,
    region_id  text   NOT NULL,
    meshes     bigint NOT NULL,
    PRIMARY KEY (account_id, region_id)
);

INSERT INTO mesh_count SELECT account_id, region_id, count(*) FROM mesh GROUP BY account_id, region_id;

CREATE FUNCTION mesh_count_added() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO mesh_count AS c SELECT account_id, region_id, count(*) FROM added GROUP BY account_id, region_id
        ON CONFLICT (account_id, region_id) DO UPDATE SET meshes = c.meshes + excluded.meshes;
    RETURN NULL;
END $$;

CREATE FUNCTION mesh_count_removed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE mesh_count c SET meshes = c.meshes - r.n
        FROM (SELECT account_id, region_id, count(*) AS n FROM removed GROUP BY account_id, region_id) r
        WHERE c.account_id = r.account_id AND c.region_id = r.region_id;
    RETURN NULL;
END $$;

CREATE TRIGGER mesh_count_insert AFTER INSERT ON mesh REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION mesh_count_added();
CREATE TRIGGER mesh_count_delete AFTER DELETE ON mesh REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION mesh_count_removed();
