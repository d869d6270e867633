package io.asm.mesh.domain;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * User tags of meshes, by Alibaba's tag rules: at most 20 per mesh, one value per key, keys starting with
 * {@code aliyun} or {@code acs:} (and keys or values holding {@code http://} / {@code https://}) reserved.
 * Formats and lengths are checked at the edge; what only the domain knows is checked here.
 */
@ApplicationScoped
@Transactional
public class MeshTags {

    public static final String RESOURCE_TYPE = "servicemesh";
    static final int MAX_PER_MESH = 20;
    /** ListTagResources' page; NextToken is the offset of the next one. */
    static final int PAGE = 50;

    private static final Pattern RESERVED_KEY = Pattern.compile("^(aliyun|acs:).*|.*https?://.*");
    private static final Pattern RESERVED_VALUE = Pattern.compile(".*https?://.*");

    /** A tag as the clients send it (Tag.N.Key, Tag.N.Value). */
    public record Tag(String key, String value) {}

    /** A row of ListTagResources. */
    public record TagResource(String resourceId, String key, String value) {}

    public record Page(List<TagResource> tags, String nextToken) {}

    @Inject
    Meshes meshes;

    @Inject
    EntityManager em;

    /** TagResources: adds or overwrites the tags on each mesh; all or nothing. */
    public void tag(String accountId, List<String> meshIds, List<Tag> tags) {
        Map<String, String> wanted = check(tags);
        for (String meshId : meshIds) {
            meshes.find(accountId, meshId);
            put(meshId, wanted);
        }
    }

    /** The tags a new mesh is created with (CreateServiceMesh's Tag.N); checked before the mesh is recorded. */
    static Map<String, String> check(List<Tag> tags) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Tag t : tags) {
            if (RESERVED_KEY.matcher(t.key()).matches()) {
                throw new AsmException(
                        AsmError.INVALID_PARAMETER,
                        "Tag.N.Key",
                        "Keys starting with aliyun or acs:, or holding http:// or https://, are reserved.");
            }
            if (RESERVED_VALUE.matcher(t.value()).matches()) {
                throw new AsmException(
                        AsmError.INVALID_PARAMETER, "Tag.N.Value", "Values cannot hold http:// or https://.");
            }
            String before = wanted.put(t.key(), t.value());
            if (before != null && !before.equals(t.value())) {
                throw new AsmException(
                        AsmError.INVALID_PARAMETER, "Tag.N.Key", "The key " + t.key() + " is given twice.");
            }
        }
        return wanted;
    }

    void put(String meshId, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        em.flush(); // a mesh recorded in this transaction must exist for the foreign key
        // Concurrent taggers of one mesh take turns, so that together they cannot pass the limit.
        em.createNativeQuery("SELECT 1 FROM mesh WHERE id = ?1 FOR UPDATE")
                .setParameter(1, meshId)
                .getResultList();
        for (var t : tags.entrySet()) {
            em.createNativeQuery("INSERT INTO mesh_tag (mesh_id, tag_key, tag_value) VALUES (?1, ?2, ?3)"
                            + " ON CONFLICT (mesh_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")
                    .setParameter(1, meshId)
                    .setParameter(2, t.getKey())
                    .setParameter(3, t.getValue())
                    .executeUpdate();
        }
        long count = ((Number) em.createNativeQuery("SELECT count(*) FROM mesh_tag WHERE mesh_id = ?1")
                        .setParameter(1, meshId)
                        .getSingleResult())
                .longValue();
        if (count > MAX_PER_MESH) {
            throw new AsmException(AsmError.TAGS_PER_RESOURCE_EXCEEDED, MAX_PER_MESH, meshId, count);
        }
    }

    /** UntagResources: the given keys, or with {@code all} every tag; keys a mesh does not have are no error. */
    public void untag(String accountId, List<String> meshIds, List<String> keys, boolean all) {
        if (!all && keys.isEmpty()) {
            throw AsmError.missing("TagKey.1");
        }
        for (String meshId : meshIds) {
            meshes.find(accountId, meshId);
            var delete = all
                    ? em.createNativeQuery("DELETE FROM mesh_tag WHERE mesh_id = ?1")
                    : em.createNativeQuery("DELETE FROM mesh_tag WHERE mesh_id = ?1 AND tag_key IN (?2)")
                            .setParameter(2, keys);
            delete.setParameter(1, meshId).executeUpdate();
        }
    }

    /**
     * ListTagResources: the tags of the caller's meshes among {@code meshIds} (all of them when none is given) that
     * carry every tag of {@code having} (a filter with an empty value matches any value), by mesh and key, a page
     * at a time.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page list(String accountId, List<String> meshIds, List<Tag> having, String nextToken) {
        if (nextToken != null && !nextToken.matches("[0-9]{0,9}")) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "NextToken", "It must come from an earlier answer.");
        }
        int offset = nextToken == null || nextToken.isEmpty() ? 0 : Integer.parseInt(nextToken);
        StringBuilder sql = new StringBuilder("SELECT t.mesh_id, t.tag_key, t.tag_value FROM mesh_tag t"
                + " JOIN mesh m ON m.id = t.mesh_id WHERE m.account_id = ?1");
        List<Object> args = new ArrayList<>(List.of(accountId));
        if (!meshIds.isEmpty()) {
            args.add(meshIds);
            sql.append(" AND t.mesh_id IN (?").append(args.size()).append(')');
        }
        for (Tag t : having) {
            args.add(t.key());
            sql.append(" AND EXISTS (SELECT 1 FROM mesh_tag f WHERE f.mesh_id = t.mesh_id AND f.tag_key = ?")
                    .append(args.size());
            if (!t.value().isEmpty()) {
                args.add(t.value());
                sql.append(" AND f.tag_value = ?").append(args.size());
            }
            sql.append(')');
        }
        sql.append(" ORDER BY t.mesh_id, t.tag_key OFFSET ")
                .append(offset)
                .append(" LIMIT ")
                .append(PAGE + 1);
        var query = em.createNativeQuery(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            query.setParameter(i + 1, args.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<TagResource> page = rows.stream()
                .limit(PAGE)
                .map(r -> new TagResource((String) r[0], (String) r[1], (String) r[2]))
                .toList();
        return new Page(page, rows.size() > PAGE ? String.valueOf(offset + PAGE) : "");
    }
}
