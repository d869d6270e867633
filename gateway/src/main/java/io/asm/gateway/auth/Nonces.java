package io.asm.gateway.auth;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** Replay protection shared by every gateway replica: a nonce is accepted once per AccessKey within its window. */
@ApplicationScoped
public class Nonces {

    private final DataSource dataSource;

    Nonces(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True the first time; false when this key already used this nonce and it has not expired. */
    public boolean firstUse(String accessKeyId, String nonce, Instant expiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO signature_nonce (access_key_id, nonce, expires_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (access_key_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at"
                        + " WHERE signature_nonce.expires_at < now()")) {
            ps.setString(1, accessKeyId);
            ps.setString(2, nonce);
            ps.setTimestamp(3, Timestamp.from(expiresAt));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "nonce-purge")
    void purgeExpired() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM signature_nonce WHERE expires_at < now()")) {
            ps.executeUpdate();
        }
    }
}
