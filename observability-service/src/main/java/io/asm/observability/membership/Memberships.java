package io.asm.observability.membership;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * This service's copy of which cluster is in which mesh of which account (cluster-service's and mesh-service's facts,
 * fed by their events), and the account scoping every action applies with it.
 */
@ApplicationScoped
public class Memberships {

    @Inject
    DataSource dataSource;

    /** The account's mesh {@code meshId} has {@code clusterId} as a member; ServiceMesh.NotFound or Cluster.NotFound otherwise. */
    public void requireMember(String accountId, String meshId, String clusterId) {
        if (!meshExists(accountId, meshId)) {
            throw new AsmException(AsmError.SERVICE_MESH_NOT_FOUND);
        }
        if (meshOf(accountId, clusterId).filter(meshId::equals).isEmpty()) {
            throw new AsmException(AsmError.CLUSTER_NOT_FOUND, clusterId, "the service mesh " + meshId);
        }
    }

    /** The mesh of the account that {@code clusterId} is in; Cluster.NotFound when it is in none. */
    public String requireMeshOf(String accountId, String clusterId) {
        return meshOf(accountId, clusterId)
                .orElseThrow(() ->
                        new AsmException(AsmError.CLUSTER_NOT_FOUND, clusterId, "any service mesh of this account"));
    }

    Optional<String> meshOf(String accountId, String clusterId) {
        return queryOne(
                "SELECT m.mesh_id FROM mesh_member m JOIN mesh ON mesh.id = m.mesh_id AND NOT mesh.deleted"
                        + " WHERE m.cluster_id = ? AND m.account_id = ?",
                clusterId,
                accountId);
    }

    boolean meshExists(String accountId, String meshId) {
        return queryOne("SELECT id FROM mesh WHERE id = ? AND account_id = ? AND NOT deleted", meshId, accountId)
                .isPresent();
    }

    void meshCreated(String meshId, String accountId) {
        update("INSERT INTO mesh (id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING", meshId, accountId);
    }

    /** Whether the mesh is live, so its dashboards belong in Grafana. */
    boolean attached(String meshId, String clusterId, String accountId) {
        meshCreated(meshId, accountId);
        update(
                "INSERT INTO mesh_member (cluster_id, mesh_id, account_id) VALUES (?, ?, ?) ON CONFLICT (cluster_id)"
                        + " DO UPDATE SET mesh_id = excluded.mesh_id, account_id = excluded.account_id",
                clusterId,
                meshId,
                accountId);
        return live(meshId);
    }

    /** Whether the mesh still has members. */
    boolean detached(String meshId, String clusterId) {
        update("DELETE FROM mesh_member WHERE mesh_id = ? AND cluster_id = ?", meshId, clusterId);
        return queryOne("SELECT cluster_id FROM mesh_member WHERE mesh_id = ? LIMIT 1", meshId)
                .isPresent();
    }

    void meshDeleted(String meshId, String accountId) {
        update(
                "INSERT INTO mesh (id, account_id, deleted) VALUES (?, ?, true) ON CONFLICT (id) DO UPDATE SET deleted = true",
                meshId,
                accountId);
        update("DELETE FROM mesh_member WHERE mesh_id = ?", meshId);
    }

    /** A mesh that is not deleted (a ClusterAttached late after MeshDeleted must not bring its dashboards back). */
    private boolean live(String meshId) {
        return queryOne("SELECT id FROM mesh WHERE id = ? AND NOT deleted", meshId)
                .isPresent();
    }

    private Optional<String> queryOne(String sql, String... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the membership read model", e);
        }
    }

    private void update(String sql, String... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the membership read model", e);
        }
    }
}
