package io.asm.common.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** A purge in short statements: a DELETE bounded by LIMIT {@code batchSize}, repeated at most {@code maxBatches} times. */
public record BatchedDelete(int batchSize, int maxBatches) {

    public static BatchedDelete of(RetentionConfig config) {
        return new BatchedDelete(config.batchSize(), config.maxBatchesPerRun());
    }

    /**
     * Runs {@code sql} (parameters: cut-off, batch size) until a batch comes back short or the bound is reached, each
     * statement its own transaction (autocommit), so locks are held only for one batch; returns the rows deleted.
     */
    public int run(DataSource dataSource, String sql, Instant before) throws SQLException {
        int total = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < maxBatches; i++) {
                ps.setTimestamp(1, Timestamp.from(before));
                ps.setInt(2, batchSize);
                int deleted = ps.executeUpdate();
                total += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
        }
        return total;
    }
}
