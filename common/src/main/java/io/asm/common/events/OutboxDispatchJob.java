package io.asm.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.InternalConfig;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link OutboxDispatcher} right after a transaction that published commits ({@link #wake}), so another
 * service sees the change within milliseconds, and on a schedule as the fallback (events of a replica that died
 * before waking, retries). Dispatchers may overlap safely: claims skip each other's rows and keep per-aggregate order.
 */
@ApplicationScoped
public class OutboxDispatchJob {

    private static final Logger LOG = Logger.getLogger(OutboxDispatchJob.class);
    private static final int MAX_ROUNDS_PER_TICK = 100;

    private final HttpEventSender sender;
    private final OutboxDispatcher dispatcher;
    private final boolean enabled;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-wake");
        t.setDaemon(true);
        return t;
    });

    /** {@code enabled}: where the scheduler is off (tests that drive the dispatcher themselves), commits wake nothing. */
    OutboxDispatchJob(
            DataSource dataSource,
            Vertx vertx,
            ObjectMapper json,
            EventsConfig events,
            InternalConfig internal,
            @ConfigProperty(name = "quarkus.scheduler.enabled", defaultValue = "true") boolean enabled) {
        this.sender = new HttpEventSender(vertx, json, internal.token(), events.deliveryTimeout());
        this.dispatcher = new OutboxDispatcher(dataSource, sender, DispatchSettings.from(events), json);
        this.enabled = enabled;
    }

    @Scheduled(
            every = "${asm.events.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "outbox-dispatcher")
    void tick() {
        dispatch();
    }

    /** After a commit that published: one dispatch soon; wakes that come while one is pending join it. */
    void wake() {
        if (enabled && woken.compareAndSet(false, true)) {
            waker.execute(() -> {
                woken.set(false); // a commit from here on needs another round: this one may have claimed before it
                dispatch();
            });
        }
    }

    private void dispatch() {
        try {
            dispatcher.dispatchDue(MAX_ROUNDS_PER_TICK);
        } catch (Exception e) {
            LOG.warnf("Outbox dispatch round failed, will retry: %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        waker.shutdownNow();
        sender.close();
    }
}
