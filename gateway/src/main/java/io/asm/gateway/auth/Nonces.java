package io.asm.gateway.auth;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.retention.BatchedDelete;
import io.asm.common.retention.RetentionConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Replay protection shared by every gateway replica: a nonce is accepted once per AccessKey within its window.
 *
 * <p>Concurrent requests share round trips: while one INSERT is in flight, later nonces queue, and the next request
 * to lead writes all of them in one statement. A request alone waits for nobody; under load one round trip serves
 * many (each cost the gateway and PostgreSQL more CPU than the signature check itself). Leadership passes from one
 * waiting request to the next, so nobody writes more than one batch for others.
 */
@ApplicationScoped
public class Nonces {

    private static final String INSERT = "INSERT INTO signature_nonce (access_key_id, nonce, expires_at)"
            + " SELECT k, n, ? FROM unnest(?::text[], ?::text[]) AS u (k, n)"
            + " ON CONFLICT (access_key_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at"
            + " WHERE signature_nonce.expires_at < now() RETURNING access_key_id, nonce";
    private static final int QUERY_TIMEOUT_SECONDS = 5;
    private static final long WAIT_MILLIS = 10_000;

    private enum Outcome {
        FIRST,
        REPEATED,
        LEAD
    }

    private record Use(String accessKeyId, String nonce, Instant expiresAt, CompletableFuture<Outcome> outcome) {
        String key() {
            return accessKeyId + '\n' + nonce;
        }

        /** The same use with an open outcome: the one handed the lead has its outcome spent on that signal. */
        Use renewed() {
            return new Use(accessKeyId, nonce, expiresAt, new CompletableFuture<>());
        }
    }

    // Bounded, so a backlog (a gateway that was down, a flood of requests) is worked off in short statements.
    private static final String PURGE = "DELETE FROM signature_nonce WHERE (access_key_id, nonce) IN ("
            + "SELECT access_key_id, nonce FROM signature_nonce WHERE expires_at < ? ORDER BY expires_at LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)";

    private final DataSource dataSource;
    private final BatchedDelete purge;
    private final Queue<Use> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();

    @Inject
    Nonces(DataSource dataSource, RetentionConfig retention) {
        this(dataSource, BatchedDelete.of(retention));
    }

    Nonces(DataSource dataSource, BatchedDelete purge) {
        this.dataSource = dataSource;
        this.purge = purge;
    }

    /** True the first time; false when this key already used this nonce and it has not expired. */
    public boolean firstUse(String accessKeyId, String nonce, Instant expiresAt) {
        Use use = new Use(accessKeyId, nonce, expiresAt, new CompletableFuture<>());
        queue.add(use);
        if (leading.compareAndSet(false, true)) {
            lead(null);
        }
        Outcome outcome = await(use);
        if (outcome == Outcome.LEAD) {
            Use mine = use.renewed();
            lead(mine);
            outcome = await(mine);
        }
        return outcome == Outcome.FIRST;
    }

    private Outcome await(Use use) {
        try {
            return use.outcome().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Abandon; if leadership arrived meanwhile, take it after all (nobody else will).
            if (use.outcome().completeExceptionally(e)) {
                throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
            }
            return await(use);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        } catch (ExecutionException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    /** Writes everything queued (plus {@code taken}, already off the queue) in one statement, then hands over. */
    private void lead(Use taken) {
        List<Use> batch = new ArrayList<>();
        if (taken != null) {
            batch.add(taken);
        }
        for (Use next = queue.poll(); next != null; next = queue.poll()) {
            batch.add(next);
        }
        try {
            write(batch);
        } catch (SQLException | RuntimeException e) {
            batch.forEach(u -> u.outcome().completeExceptionally(e));
        } finally {
            handOver();
        }
    }

    private void write(List<Use> batch) throws SQLException {
        // The same nonce twice in one batch: only the first can be a first use (and one statement may not
        // touch a row twice).
        Set<String> keys = new HashSet<>();
        List<Use> distinct = new ArrayList<>();
        for (Use u : batch) {
            if (keys.add(u.key())) {
                distinct.add(u);
            } else {
                u.outcome().complete(Outcome.REPEATED);
            }
        }
        Set<String> first = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            // One expiry for the batch, the latest asked: a nonce is kept at least as long as its request needs.
            ps.setTimestamp(
                    1,
                    Timestamp.from(distinct.stream()
                            .map(Use::expiresAt)
                            .max(Instant::compareTo)
                            .orElseThrow()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "text", distinct.stream().map(Use::accessKeyId).toArray()));
            ps.setArray(
                    3, c.createArrayOf("text", distinct.stream().map(Use::nonce).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first.add(rs.getString(1) + '\n' + rs.getString(2));
                }
            }
        }
        distinct.forEach(u -> u.outcome().complete(first.contains(u.key()) ? Outcome.FIRST : Outcome.REPEATED));
    }

    /** Releases leadership, or passes it to the oldest waiting request when more nonces queued meanwhile. */
    private void handOver() {
        while (true) {
            leading.set(false);
            if (queue.isEmpty() || !leading.compareAndSet(false, true)) {
                return; // nothing waits, or a newcomer took the lead itself
            }
            Use next = queue.poll();
            if (next != null && next.outcome().complete(Outcome.LEAD)) {
                return;
            }
            // that request gave up waiting; try the next one
        }
    }

    /**
     * Deletes nonces past their expiry. A nonce expires twice the timestamp window after its use, when a request
     * carrying it is refused for its timestamp anyway, so forgetting it then opens no replay.
     */
    int purgeExpired(Instant now) throws SQLException {
        return purge.run(dataSource, PURGE, now);
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "nonce-purge")
    void purgeTick() throws SQLException {
        purgeExpired(Instant.now());
    }
}
