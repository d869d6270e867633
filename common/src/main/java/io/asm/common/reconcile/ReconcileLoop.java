package io.asm.common.reconcile;

import io.asm.common.text.RemoteText;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The loop every reconciler shares: a round sets up to {@link ReconcileConfig#parallelism} workers going, each of
 * which claims one due row and takes one step with it per transaction (FOR UPDATE SKIP LOCKED: no two workers, of
 * this replica or another, hold the same row), until none is due or it reached its bound. A scheduled tick is the
 * safety net, and {@link #soon} runs a round after a commit or a wait instead of at the next tick. When a step's
 * transaction fails, at commit too, its failure is recorded in a transaction of its own and the worker goes on with
 * the next row: one bad row never stops the others, and a slow one holds up only its worker.
 */
public final class ReconcileLoop<K> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * Claims one due row in the step's transaction (FOR UPDATE SKIP LOCKED), empty when none is due; with
     * {@code soundOnly}, only a row that has not failed in its state.
     */
    @FunctionalInterface
    public interface Claim<K> {
        Optional<K> claim(boolean soundOnly);
    }

    /** One step with a claimed row; throws to have the step's transaction rolled back and the failure recorded. */
    @FunctionalInterface
    public interface Step<K> {
        void advance(K key) throws Exception;
    }

    private final String name;
    private final int maxPerRound;
    private final Claim<K> claim;
    private final Step<K> step;
    private final BiConsumer<K, String> failed;
    private final ScheduledExecutorService nudger;
    private final ExecutorService workers;
    private final Semaphore idle;
    /**
     * Claims that may take a failing row: one fewer than the workers (but at least one), so that one worker is always
     * left for sound rows while the others wait out broken API servers' timeouts.
     */
    private final Semaphore mayTakeFailing;

    private final int stepTimeoutSeconds;
    /** Set by every round: a worker that drained its rows looks again when a round came meanwhile. */
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** Set by {@link #close}: no round starts and no worker claims another row. */
    private volatile boolean closed;
    /**
     * Steps taken with a claimed row, by outcome: how many, and how long each held its worker (a step whose failure
     * cannot even be recorded ends the round uncounted: the database is in trouble). On Micrometer's global registry,
     * which Quarkus backs with its own: the loop is a plain object its reconcilers build, not a bean.
     */
    private final Timer stepped;

    private final Timer failedSteps;

    /**
     * @param claim  claims one due row in the step's transaction, failing rows only when allowed
     * @param failed records, in a transaction of its own, that the step with a row failed (the text is sanitised); it
     *               must make the row not due for a while, or the round would claim it again
     */
    public ReconcileLoop(
            String name,
            ReconcileConfig config,
            int maxPerRound,
            Claim<K> claim,
            Step<K> step,
            BiConsumer<K, String> failed) {
        this.name = name;
        this.stepTimeoutSeconds = (int) Math.max(1, config.stepTimeout().toSeconds());
        this.idle = new Semaphore(config.parallelism());
        this.mayTakeFailing = new Semaphore(Math.max(1, config.parallelism() - 1));
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.parallelism(), r -> {
            Thread t = new Thread(r, name + "-reconcile-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.stepped = stepTimer(name, "done");
        this.failedSteps = stepTimer(name, "failed");
        this.maxPerRound = maxPerRound;
        this.claim = claim;
        this.step = step;
        this.failed = failed;
        this.nudger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-reconcile-nudge");
            t.setDaemon(true);
            return t;
        });
    }

    /** A round: idle workers start on the due rows; returns at once (the workers step in the background). */
    public void round() {
        wanted.set(true);
        while (!closed && idle.tryAcquire()) {
            try {
                workers.execute(this::drain);
            } catch (RejectedExecutionException closing) {
                idle.release();
                return;
            }
        }
    }

    /** One worker: steps while rows are due, each in a transaction of its own, up to the bound per round. */
    private void drain() {
        try {
            do {
                wanted.set(false);
                for (int i = 0; i < maxPerRound && !closed && stepOnce(); i++) {
                    // next row
                }
            } while (wanted.get() && !closed);
        } catch (RuntimeException e) {
            LOG.warnf("%s reconcile worker stopped: %s", name, RemoteText.describe(e));
        } finally {
            idle.release();
        }
        // A round that came between the last look and the release found no idle worker: take it up.
        if (wanted.get()) {
            round();
        }
    }

    /** Claims and steps one due row; false when none is due or the database is in trouble. */
    private boolean stepOnce() {
        AtomicReference<K> claimed = new AtomicReference<>();
        long started = System.nanoTime();
        boolean failingAllowed = mayTakeFailing.tryAcquire();
        try {
            boolean took = QuarkusTransaction.requiringNew()
                    .timeout(stepTimeoutSeconds)
                    .call(() -> {
                        Optional<K> due = claim.claim(!failingAllowed);
                        if (due.isEmpty()) {
                            return false;
                        }
                        claimed.set(due.get());
                        step.advance(due.get());
                        return true;
                    });
            if (took) {
                stepped.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            return took;
        } catch (RuntimeException e) {
            if (claimed.get() == null || !recordFailure(claimed.get(), e)) {
                LOG.warnf("%s reconcile round stopped: %s", name, RemoteText.describe(e));
                return false;
            }
            failedSteps.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return true;
        } finally {
            if (failingAllowed) {
                mayTakeFailing.release();
            }
        }
    }

    private static Timer stepTimer(String reconciler, String outcome) {
        return Timer.builder("asm.reconcile.steps")
                .description("Steps a reconciler took with a claimed row (its transaction included), by outcome")
                .tags("reconciler", reconciler, "outcome", outcome)
                .register(Metrics.globalRegistry);
    }

    /** False when even the bookkeeping fails (the database is in trouble): then the round ends. */
    private boolean recordFailure(K key, RuntimeException e) {
        // The step's exception, or the failed commit (whose root cause says why), comes wrapped.
        Throwable cause = e instanceof QuarkusTransactionException && e.getCause() != null ? e.getCause() : e;
        String error = RemoteText.describe(cause);
        try {
            QuarkusTransaction.requiringNew().run(() -> failed.accept(key, error));
            return true;
        } catch (RuntimeException again) {
            LOG.warnf("%s: cannot record that %s failed (%s): %s", name, key, error, RemoteText.describe(again));
            return false;
        }
    }

    /** A round after {@code delay}; nothing once closed (a step that ends during close may still ask for one). */
    public void soon(Duration delay) {
        try {
            nudger.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the loop is closing: the rows stay due for the next start
        }
    }

    /**
     * Stops taking rows and lets the steps under way end (commit or roll back) for up to {@link #CLOSE_WAIT} before
     * interrupting them: the service shuts down with its database still there. Interrupted at once, a worker went on
     * to claim its next row from a pool being closed, and that transaction hung until the step timeout (a minute).
     */
    @Override
    public void close() {
        closed = true;
        nudger.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
