package io.asm.common.reconcile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The loop every reconciler shares: a round claims and advances one due row per transaction ({@code reconcileOne},
 * false when nothing is due), up to a batch; a scheduled tick is the safety net, and {@link #soon} runs a round
 * after a commit or a wait instead of at the next tick.
 */
public final class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    private static final int MAX_PER_ROUND = 20;

    private final String name;
    private final Callable<Boolean> reconcileOne;
    private final ScheduledExecutorService nudger;

    public ReconcileLoop(String name, Callable<Boolean> reconcileOne) {
        this.name = name;
        this.reconcileOne = reconcileOne;
        this.nudger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-reconcile-nudge");
            t.setDaemon(true);
            return t;
        });
    }

    /** One round, each step in a transaction of its own, so a failing row cannot undo the others. */
    public synchronized void round() {
        for (int i = 0; i < MAX_PER_ROUND; i++) {
            try {
                if (!QuarkusTransaction.requiringNew().call(reconcileOne)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warnf("%s reconcile round failed: %s", name, e.getMessage());
                return;
            }
        }
    }

    public void soon(Duration delay) {
        nudger.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        nudger.shutdownNow();
    }
}
