package dev.suda.auth.control;

import dev.suda.auth.entity.SessionRecord;
import dev.suda.platform.Migrations;
import dev.suda.platform.Outages;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A token is valid only while its session is live: its signature alone is not enough, so a logout or a site ban
 * takes effect on the very next request, on every node.
 *
 * <p>The database holds the record of every session ({@link SessionRecords}); the shared state holds a copy for the
 * check every request makes, one round trip that reads two keys: {@code session:ID} (live, for this user) and
 * {@code session-ended:ID} (ended; it wins over the first). When neither is there (Redis lost its data, or the key
 * expired early) the record decides and its answer is written back, so a Redis that lost everything signs nobody out,
 * and an ended session stays refused. While Redis is away the record decides every request.
 *
 * <p>An ended session is written to the shared state only after its end committed, and a rebuilt live copy never
 * outranks an ended mark, so no check can bring an ended session back. An end that could not reach Redis is written
 * there once Redis answers again ({@link #reconcile}).
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());
    /** How long an unknown session id is remembered as refused. */
    static final Duration UNKNOWN_TTL = Duration.ofMinutes(10);
    /** Ends this close to an outage's start are written again too: clocks of nodes differ a little. */
    private static final Duration RECONCILE_MARGIN = Duration.ofSeconds(30);

    @Inject
    SharedState state;

    @Inject
    SessionRecords records;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> cleaner;

    static String liveKey(String sessionId) {
        return "session:{" + sessionId + "}";
    }

    static String endedKey(String sessionId) {
        return "session-ended:{" + sessionId + "}";
    }

    /** What the shared state says of a session. */
    enum Cached { LIVE, ENDED, MISSING }

    /** An ended mark wins over a live copy: a rebuild racing an end can never revive the session. */
    static Cached read(Optional<String> live, Optional<String> ended) {
        return ended.isPresent() ? Cached.ENDED : live.isPresent() ? Cached.LIVE : Cached.MISSING;
    }

    public void open(long userId, String sessionId, Instant expiresAt) {
        records.open(sessionId, userId, expiresAt);
        cacheLive(sessionId, userId, expiresAt);
    }

    /** The user whose live session this is, or empty once it has ended, expired or its user was banned. */
    public Optional<Long> userOf(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        List<Optional<String>> found;
        try {
            found = state.getAll(List.of(liveKey(sessionId), endedKey(sessionId)));
        } catch (ProblemException unavailable) {
            // Redis away: the record decides, and nobody is signed out meanwhile
            return records.live(sessionId, Instant.now()).map(SessionRecord::getUserId);
        }
        return switch (read(found.get(0), found.get(1))) {
            case ENDED -> Optional.empty();
            case LIVE -> Optional.of(Long.valueOf(found.get(0).get()));
            case MISSING -> rebuild(sessionId);
        };
    }

    /** A miss: the record decides, and the shared state learns the answer for the next request. */
    private Optional<Long> rebuild(String sessionId) {
        Instant now = Instant.now();
        Optional<SessionRecord> live = records.live(sessionId, now);
        if (live.isPresent()) {
            cacheLive(sessionId, live.get().getUserId(), live.get().getExpiresAt());
            return Optional.of(live.get().getUserId());
        }
        Instant forgetAt = records.find(sessionId).map(SessionRecord::getExpiresAt).orElse(now.plus(UNKNOWN_TTL));
        cacheEnded(sessionId, forgetAt);
        return Optional.empty();
    }

    public void close(Caller caller) {
        records.end(caller.sessionId(), Instant.now())
                .ifPresent(ended -> afterCommit(() -> cacheEnded(ended.getId(), ended.getExpiresAt())));
    }

    /** Ends every session of the user, with the transaction the caller is in (a site ban). */
    public void closeAll(long userId) {
        List<SessionRecord> ended = records.endAll(userId, Instant.now());
        afterCommit(() -> ended.forEach(record -> cacheEnded(record.getId(), record.getExpiresAt())));
    }

    /**
     * After Redis was away: every session that ended meanwhile is marked ended there, in case Redis kept a live copy
     * (an end whose write to Redis failed).
     */
    void reconcile(@Observes Outages.Recovered recovered) {
        if (recovered.dependency() != Outages.Dependency.SHARED_STATE) {
            return;
        }
        Instant now = Instant.now();
        List<SessionRecord> ended = records.endedSince(recovered.downSince().minus(RECONCILE_MARGIN), now);
        ended.forEach(record -> cacheEnded(record.getId(), record.getExpiresAt()));
        if (!ended.isEmpty()) {
            LOG.info(() -> "Marked " + ended.size() + " sessions ended while Redis was away as ended in Redis");
        }
    }

    void startCleaning(@Observes Migrations.SchemaReady ready) {
        if (cleaner == null) {
            cleaner = scheduler.scheduleWithFixedDelay(this::forgetExpired, 1, 60, TimeUnit.MINUTES);
        }
    }

    /** Records of sessions expired a day ago or more go: their tokens are refused by their expiry already. */
    private void forgetExpired() {
        try {
            int forgotten = records.forgetExpired(Instant.now().minus(Duration.ofDays(1)));
            LOG.fine(() -> "Forgot " + forgotten + " expired sessions");
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Could not delete expired sessions now; trying again in an hour", e);
        }
    }

    @PreDestroy
    void stop() {
        if (cleaner != null) {
            cleaner.cancel(false);
        }
    }

    private void cacheLive(String sessionId, long userId, Instant expiresAt) {
        Duration left = Duration.between(Instant.now(), expiresAt);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        try {
            state.put(liveKey(sessionId), String.valueOf(userId), left);
        } catch (ProblemException unavailable) {
            LOG.fine(() -> "Session not cached, Redis is away; the next check reads the record");
        }
    }

    private void cacheEnded(String sessionId, Instant forgetAt) {
        Duration left = Duration.between(Instant.now(), forgetAt);
        try {
            if (!left.isNegative() && !left.isZero()) {
                state.put(endedKey(sessionId), "1", left);
            }
            state.delete(liveKey(sessionId));
        } catch (ProblemException unavailable) {
            // Outages heard of it: reconcile() writes the end once Redis answers again
            LOG.fine(() -> "Session end not written to Redis now; it is once Redis answers again");
        }
    }

    /** Runs the step once the caller's transaction committed, or at once outside a transaction. */
    private void afterCommit(Runnable step) {
        if (transactions.getTransactionKey() == null) {
            step.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    step.run();
                }
            }
        });
    }
}
