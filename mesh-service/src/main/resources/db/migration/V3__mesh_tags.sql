-- User tags of meshes (TagResources, ListTagResources, UntagResources, CreateServiceMesh's Tag.N): one value per
-- key, at most 20 keys per mesh (checked by MeshTags); they go with their mesh.
CREATE TABLE mesh_tag (
    mesh_id   text NOT NULL REFERENCES mesh (id) ON DELETE CASCADE,
    tag_key   text NOT NULL,
    tag_value text NOT NULL DEFAULT '',
    PRIMARY KEY (mesh_id, tag_key)
);
