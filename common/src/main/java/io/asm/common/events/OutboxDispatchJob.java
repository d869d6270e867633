package io.asm.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.InternalConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Runs the {@link OutboxDispatcher} on a schedule; skips a tick while the previous one still runs. */
@ApplicationScoped
public class OutboxDispatchJob {

    private static final Logger LOG = Logger.getLogger(OutboxDispatchJob.class);
    private static final int MAX_ROUNDS_PER_TICK = 100;

    private final OutboxDispatcher dispatcher;

    OutboxDispatchJob(DataSource dataSource, ObjectMapper json, EventsConfig events, InternalConfig internal) {
        EventSender sender = new HttpEventSender(json, internal.token(), events.deliveryTimeout());
        this.dispatcher = new OutboxDispatcher(dataSource, sender, DispatchSettings.from(events), json);
    }

    @Scheduled(every = "${asm.events.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "outbox-dispatcher")
    void tick() {
        try {
            dispatcher.dispatchDue(MAX_ROUNDS_PER_TICK);
        } catch (Exception e) {
            LOG.warnf("Outbox dispatch round failed, will retry: %s", e.getMessage());
        }
    }
}
