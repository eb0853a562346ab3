package dev.suda.files.control;

import dev.suda.platform.Migrations;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes uploads that no message took within {@code files.unsent.minutes} (default an hour), and bytes in
 * FILES_DIR whose file is gone, every few minutes on every node (the deletes are idempotent).
 */
@ApplicationScoped
public class FileSweeper {

    private static final Logger LOG = Logger.getLogger(FileSweeper.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Files files;

    @Inject
    @ConfigProperty(name = "files.unsent.minutes", defaultValue = "60")
    long unsentMinutes;

    @Inject
    @ConfigProperty(name = "files.sweep.minutes", defaultValue = "5")
    long everyMinutes;

    private ScheduledFuture<?> sweeping;

    void start(@Observes Migrations.SchemaReady ready) {
        sweeping = scheduler.scheduleWithFixedDelay(this::sweep, everyMinutes, everyMinutes, TimeUnit.MINUTES);
    }

    void sweep() {
        try {
            sweep(Instant.now().minus(Duration.ofMinutes(unsentMinutes)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sweeping unsent uploads failed; trying again in " + everyMinutes + " minutes", e);
        }
    }

    /**
     * One sweep: removes the uploads no message took that were made before {@code before}, then the bytes in FILES_DIR
     * whose file is gone; returns how many uploads went. The schedule passes now less {@code files.unsent.minutes};
     * the test hooks pass their own time.
     */
    public int sweep(Instant before) {
        int removed = files.sweep(before);
        files.removeOrphans();
        if (removed > 0) {
            LOG.info(() -> "Removed " + removed + " uploads not sent by " + before);
        }
        return removed;
    }

    @PreDestroy
    void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
    }
}
