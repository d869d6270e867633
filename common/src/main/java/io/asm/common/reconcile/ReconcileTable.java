package io.asm.common.reconcile;

import io.asm.common.retry.Backoff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The claim and failure bookkeeping of a reconciled table, written once for every reconciler: rows with a text
 * {@code id}, {@code state}, {@code attempts}, {@code next_attempt_at}, {@code error_message} and {@code updated_at}.
 * Plain JDBC on the transaction's connection, so it needs no entity and works beside Hibernate.
 */
public final class ReconcileTable {

    private static final Logger LOG = Logger.getLogger(ReconcileTable.class);

    private final DataSource dataSource;
    private final String table;
    private final List<String> movingStates;
    private final Map<String, String> givesUpAs;
    private final Backoff backoff;
    private final int maxAttempts;
    private final String claimSql;
    private final String claimSoundSql;

    /**
     * @param movingStates the states the reconciler drives (the table's partial "due" index should have the same list)
     * @param givesUpAs    where a moving state ends after {@code maxAttempts} failures; a state not named here
     *                     keeps retrying at the backoff's cap (its step decides what the last attempt does)
     */
    public ReconcileTable(
            DataSource dataSource,
            String table,
            List<String> movingStates,
            Map<String, String> givesUpAs,
            Backoff backoff,
            int maxAttempts) {
        this.dataSource = dataSource;
        this.table = table;
        this.movingStates = movingStates;
        this.givesUpAs = givesUpAs;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        // The states are the reconciler's constants, spelled out so the planner can use the partial index. Rows that
        // have failed in their state come after the others: a tenant's broken rows (an API server that times out)
        // compete for the workers only when no sound row is due, and never for all of them (ReconcileLoop).
        String due = "SELECT id FROM " + table + " WHERE state IN ("
                + movingStates.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "))
                + ") AND next_attempt_at <= now()";
        String order = " ORDER BY attempts > 0, next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED";
        this.claimSql = due + order;
        this.claimSoundSql = due + " AND attempts = 0" + order;
    }

    /** The loop that claims this table's due rows and records their failures here. */
    public ReconcileLoop<String> loop(
            String name, ReconcileConfig config, int maxPerRound, ReconcileLoop.Step<String> step) {
        return new ReconcileLoop<>(name, config, maxPerRound, this::claim, step, this::failed);
    }

    /**
     * The id of one due row, locked for the calling transaction; empty when none is due. Rows that have failed in their
     * state come last, and not at all with {@code soundOnly}.
     */
    public Optional<String> claim(boolean soundOnly) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(soundOnly ? claimSoundSql : claimSql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim a due " + table + " row", e);
        }
    }

    /**
     * Counts a failed attempt of row {@code id} with {@code error} (already sanitised): it shows in error_message, the
     * next attempt waits out the backoff, and the last allowed attempt moves the row to its failed state. A row that
     * is locked by another worker, gone, or no longer moving is left alone: whoever holds it records its own outcome.
     */
    public void failed(String id, String error) {
        try (Connection c = dataSource.getConnection()) {
            String state;
            int attempts;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, attempts FROM " + table + " WHERE id = ? FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !movingStates.contains(rs.getString(1))) {
                        return;
                    }
                    state = rs.getString(1);
                    attempts = rs.getInt(2) + 1;
                }
            }
            String next = attempts >= maxAttempts ? givesUpAs.getOrDefault(state, state) : state;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = ?, attempts = ?,"
                    + " error_message = ?, next_attempt_at = ?, updated_at = now() WHERE id = ?")) {
                ps.setString(1, next);
                ps.setInt(2, attempts);
                ps.setString(3, error);
                ps.setObject(4, OffsetDateTime.now().plus(backoff.after(attempts)));
                ps.setString(5, id);
                ps.executeUpdate();
            }
            LOG.warnf(
                    "%s %s (%s) attempt %d failed%s: %s",
                    table, id, state, attempts, next.equals(state) ? "" : ", now " + next, error);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the failure of " + table + " " + id, e);
        }
    }
}
