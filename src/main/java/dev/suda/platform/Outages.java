package dev.suda.platform;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Knows whether Redis (the shared state) and the database answer, and tells the rest of the node when one of them
 * comes back. A probe runs every second: a database connection is validated, and Redis counts a hit on a marker key of
 * this node's own. The marker doubles as a loss detector: when its counter starts again from 1, Redis lost this
 * node's data (a restart without persistence, a failover, {@code FLUSHALL}, a deleted namespace) even if it never
 * stopped answering.
 *
 * <p>Observers of {@link Recovered} rebuild what Redis should hold (sanctions, presence, ended sessions); the
 * readiness check reports what is down and since when. Failures seen on the request path count too
 * ({@link #failed}), so that a write lost to a short blip is reconciled once Redis answers again.
 */
@ApplicationScoped
public class Outages {

    private static final Logger LOG = Logger.getLogger(Outages.class.getName());
    /** How long a client is told to wait before sending again (Retry-After). */
    public static final int RETRY_AFTER_SECONDS = 2;
    private static final long PROBE_MILLIS = 1000;
    private static final String NODE = UUID.randomUUID().toString();

    public enum Dependency {
        DATABASE("the database"), SHARED_STATE("Redis");

        final String label;

        Dependency(String label) {
            this.label = label;
        }
    }

    /**
     * A dependency answers again after {@code downSince}; {@code dataLost} when Redis came back without this node's
     * data (or lost it without going away), so everything it held must be written again.
     */
    public record Recovered(Dependency dependency, Instant downSince, boolean dataLost) {
    }

    @Inject
    SharedState state;

    @Resource(lookup = "jdbc/suda")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Event<Recovered> recovered;

    private final Map<Dependency, Instant> down = new EnumMap<>(Dependency.class);
    private volatile boolean markerSet;
    private ScheduledFuture<?> probe;

    void start(@Observes Migrations.SchemaReady ready) {
        if (probe == null) {
            probe = scheduler.scheduleWithFixedDelay(this::probe, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (probe != null) {
            probe.cancel(false);
        }
    }

    void probe() {
        try {
            long hits = state.hit("node-marker:" + NODE, Duration.ofDays(1));
            boolean lost = hits == 1 && markerSet;
            markerSet = true;
            answered(Dependency.SHARED_STATE, lost);
        } catch (RuntimeException e) {
            failed(Dependency.SHARED_STATE, e);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                answered(Dependency.DATABASE, false);
            } else {
                failed(Dependency.DATABASE, new SQLException("connection not valid"));
            }
        } catch (SQLException | RuntimeException e) {
            failed(Dependency.DATABASE, e);
        }
    }

    /** A call to the dependency failed because it could not be reached; the first failure of an outage is logged. */
    public void failed(Dependency dependency, Throwable cause) {
        synchronized (down) {
            if (down.containsKey(dependency)) {
                return;
            }
            down.put(dependency, Instant.now());
        }
        LOG.warning(() -> dependency.label + " is not reachable (" + cause + "); what needs it is refused with "
                + "'unavailable' until it answers again");
    }

    private void answered(Dependency dependency, boolean dataLost) {
        Instant since;
        synchronized (down) {
            since = down.remove(dependency);
        }
        if (since == null && !dataLost) {
            return;
        }
        if (since != null) {
            LOG.info(() -> dependency.label + " answers again after " + Duration.between(since, Instant.now()).toMillis() + " ms");
        }
        if (dataLost) {
            LOG.warning("Redis lost this node's data; writing back what it should hold");
        }
        try {
            recovered.fire(new Recovered(dependency, since == null ? Instant.now() : since, dataLost));
        } catch (RuntimeException e) {
            // an observer that needed the dependency that just went again: the next recovery tries again
            LOG.log(Level.WARNING, "Catching up after " + dependency.label + " came back failed", e);
            failed(dependency, e);
        }
    }

    /** Since when the dependency has not answered, or empty while it does. */
    public Optional<Instant> downSince(Dependency dependency) {
        synchronized (down) {
            return Optional.ofNullable(down.get(dependency));
        }
    }

    /**
     * The 503 {@code unavailable} a failure stands for, when it is (or is caused by) an outage of the database or
     * Redis rather than a fault of the request: the same request may succeed when sent again.
     */
    public static Optional<ProblemException> asUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem.status() == 503 ? Optional.of(problem) : Optional.empty();
            }
            if (isConnectionFailure(t)) {
                return Optional.of(ProblemException.unavailable(
                        "The database is not reachable just now; send the same request again shortly"));
            }
        }
        return Optional.empty();
    }

    /** True for a failure to reach the database (or any server over the network), not for what it answered. */
    static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLRecoverableException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return true;
        }
        if (t instanceof ConnectException || t instanceof SocketTimeoutException
                || t instanceof SocketException) {
            return true;
        }
        // Liberty's pool: a stale connection, or none free in time because the database hangs
        String name = t.getClass().getSimpleName();
        return name.equals("StaleConnectionException") || name.equals("ConnectionWaitTimeoutException");
    }
}
