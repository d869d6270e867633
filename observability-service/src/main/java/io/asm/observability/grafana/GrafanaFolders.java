package io.asm.observability.grafana;

import io.asm.common.reconcile.ReconcileConfig;
import io.asm.common.reconcile.ReconcileLoop;
import io.asm.common.reconcile.ReconcileTable;
import io.asm.common.retry.Backoff;
import io.asm.observability.config.ObservabilityConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The outbox of the Grafana push: a row per mesh whose folder must be pushed ({@code publishing}) or taken down
 * ({@code removing}), written in the event's transaction and driven by a reconciler that retries with backoff for as
 * long as Grafana is down, so no change is lost. A row that was pushed stays {@code published}; one removed is gone.
 */
@ApplicationScoped
public class GrafanaFolders {

    static final String PUBLISHING = "publishing";
    static final String PUBLISHED = "published";
    static final String REMOVING = "removing";
    private static final int MAX_PER_ROUND = 20;
    /** Lets the event's transaction commit before the nudged round looks for the row. */
    private static final Duration NUDGE_DELAY = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final GrafanaPublisher publisher;
    private final ReconcileTable table;
    private final ReconcileLoop<String> loop;

    GrafanaFolders(
            DataSource dataSource, GrafanaPublisher publisher, ObservabilityConfig config, ReconcileConfig reconcile) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        Backoff backoff =
                new Backoff(config.grafana().initialBackoff(), config.grafana().maxBackoff());
        // Nothing gives up: a push waits at the backoff's cap until Grafana is back.
        this.table = new ReconcileTable(
                dataSource, "grafana_folder", List.of(PUBLISHING, REMOVING), Map.of(), backoff, Integer.MAX_VALUE);
        this.loop = new ReconcileLoop<>(
                "grafana-folders", reconcile, MAX_PER_ROUND, table::claim, this::step, table::failed);
    }

    /** The mesh's dashboards belong in Grafana (again). */
    public void publish(String meshId) {
        want(meshId, PUBLISHING);
    }

    /** The mesh's dashboards leave Grafana. */
    public void remove(String meshId) {
        want(meshId, REMOVING);
    }

    private void want(String meshId, String state) {
        if (!publisher.enabled()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO grafana_folder (id, state) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
                                + " attempts = 0, next_attempt_at = now(), error_message = NULL, updated_at = now()")) {
            ps.setString(1, meshId);
            ps.setString(2, state);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the Grafana push of " + meshId, e);
        }
        loop.soon(NUDGE_DELAY);
    }

    @Scheduled(
            every = "${asm.observability.grafana.interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (publisher.enabled()) {
            loop.round();
        }
    }

    private void step(String meshId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String state;
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM grafana_folder WHERE id = ?")) {
                ps.setString(1, meshId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    state = rs.getString(1);
                }
            }
            if (state.equals(PUBLISHING)) {
                publisher.publish(meshId);
                try (PreparedStatement ps = c.prepareStatement("UPDATE grafana_folder SET state = ?, attempts = 0,"
                        + " error_message = NULL, updated_at = now() WHERE id = ?")) {
                    ps.setString(1, PUBLISHED);
                    ps.setString(2, meshId);
                    ps.executeUpdate();
                }
            } else {
                publisher.remove(meshId);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM grafana_folder WHERE id = ?")) {
                    ps.setString(1, meshId);
                    ps.executeUpdate();
                }
            }
        }
    }

    @PreDestroy
    void close() {
        loop.close();
    }
}
