-- A TRUNCATE of mesh fires no row or insert/delete trigger: without this, mesh_count would go on counting the meshes
-- it removed (an operator clearing a test database, a restore script).
CREATE FUNCTION mesh_count_cleared() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM mesh_count;
    RETURN NULL;
END $$;

CREATE TRIGGER mesh_count_truncate AFTER TRUNCATE ON mesh FOR EACH STATEMENT EXECUTE FUNCTION mesh_count_cleared();
