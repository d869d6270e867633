package io.asm.common.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long handled bookkeeping rows are kept, and how the purge deletes them. Env: ASM_RETENTION_*. */
@ConfigMapping(prefix = "asm.retention")
public interface RetentionConfig {

    /** An event every subscriber received is deleted (with its deliveries) this long after it was written. */
    @WithDefault("7d")
    Duration deliveredEvents();

    /**
     * A handled event id is forgotten this long after it arrived. A redelivery later than that (an operator retrying
     * an event parked for longer) would be handled again, so keep it above how long events may stay parked.
     */
    @WithDefault("30d")
    Duration inbox();

    /** How often the purge runs. */
    @WithDefault("10m")
    Duration interval();

    /** Rows deleted per statement: each statement is its own short transaction, so big tables are never locked long. */
    @WithDefault("1000")
    int batchSize();

    /** Statements per run and table, so one run stays bounded; what is left goes on the next run. */
    @WithDefault("20")
    int maxBatchesPerRun();
}
