package io.asm.common.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every reconciler of a service works its due rows (env ASM_RECONCILE_...). */
@ConfigMapping(prefix = "asm.reconcile")
public interface ReconcileConfig {

    /**
     * Rows a reconciler works on at once, each in a transaction and on a thread of its own: a slow or dead API server
     * costs only its own rows' time. A batch of N due rows takes about N × (time per row) ÷ this. Every worker holds a
     * database connection while it steps, so keep it below the datasource's pool size. Rows that have failed in their
     * state are taken by at most this − 1 workers at once (at least one), so one is always left for sound rows.
     */
    @WithDefault("4")
    int parallelism();

    /** The longest one step's transaction may take; its outbound calls have shorter timeouts of their own. */
    @WithDefault("60s")
    Duration stepTimeout();
}
