package dev.suda.moderation.control;

import dev.suda.membership.control.MemberSanctioned;
import dev.suda.membership.entity.Membership;
import dev.suda.platform.Migrations;
import dev.suda.platform.Outages;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Room bans and mutes in force, in the shared state so that every node sees them at once: one key per
 * sanction whose time to live is the sanction's end, so expiry needs no clean-up.
 *
 * <p>The database (room_users flags, audit_log) is the record; these keys only follow it after each commit.
 * Two rules keep them honest when the shared state loses data or goes stale: a marker key says the keys
 * were loaded, and when it is missing (Redis restarted or flushed, or a fresh in-process store) every
 * sanction in force is loaded again from room_users; and a key that is found is confirmed against its row
 * before anyone is refused, so a stale key never silences anyone. Only the rare sanctioned call pays the
 * database read; the common call is one shared-state read.
 */
@ApplicationScoped
public class Sanctions {

    private static final Logger LOG = Logger.getLogger(Sanctions.class.getName());
    /** The marker of loaded sanctions; "v2" since the keys carry the room's hash tag, so older keys are loaded again. */
    static final String LOADED = "sanctions:loaded:v2";
    /** How often a node looks for the marker; a loss is noticed within this time. */
    private static final long MARKER_CHECK_MILLIS = 1000;

    public enum Kind { BAN, MUTE }

    /** A sanction in force; {@code until} null means until lifted. */
    public record Sanction(Kind kind, Instant until) {
        public String describeEnd() {
            return until == null ? " until it is lifted" : " until " + until;
        }

        /** What a caller under this sanction is told. */
        public ProblemException refusal() {
            return (kind == Kind.BAN
                    ? ProblemException.forbidden("banned", "You are banned from this room" + describeEnd())
                    : ProblemException.forbidden("muted", "You are muted in this room" + describeEnd())).until(until);
        }
    }

    @Inject
    SharedState state;

    /** The rows; only read when a key is found, or to load the keys. */
    @Inject
    SanctionRecords records;

    private volatile long markerSeenAt;

    static String key(Kind kind, long roomId, long userId) {
        return "sanction:" + kind.name().toLowerCase() + ":" + SharedState.room(roomId) + ":" + userId;
    }

    public Optional<Sanction> inForce(Kind kind, long roomId, long userId) {
        return firstInForce(roomId, userId, kind);
    }

    /** The first of these kinds of sanction in force, in the order given; the keys are read in one round trip. */
    public Optional<Sanction> firstInForce(long roomId, long userId, Kind... kinds) {
        ensureLoaded();
        return firstConfirmed(state.getAll(keys(roomId, userId, kinds)), roomId, userId, kinds);
    }

    /** A send to check: its sender's rate counter, the room and the sender. */
    public record Send(String counter, long roomId, long userId) {
    }

    /** What a send finds: the first sanction in force, and the sender's hits so far on its rate counter. */
    public record SendCheck(Optional<Sanction> sanction, long hits) {
    }

    /**
     * As {@link #firstInForce} for each send, counting one hit on its rate counter: every send's keys and counter in
     * one round trip. One check per send, in the sends' order.
     */
    public List<SendCheck> firstInForceCounting(List<Send> sends, Duration window, Kind... kinds) {
        ensureLoaded();
        List<SharedState.Reading> readings = state.hitAndGetAll(sends.stream()
                .map(send -> new SharedState.HitAndRead(send.counter(), window, keys(send.roomId(), send.userId(), kinds)))
                .toList());
        List<SendCheck> checks = new ArrayList<>(sends.size());
        for (int i = 0; i < sends.size(); i++) {
            Send send = sends.get(i);
            SharedState.Reading reading = readings.get(i);
            checks.add(new SendCheck(firstConfirmed(reading.values(), send.roomId(), send.userId(), kinds), reading.hits()));
        }
        return checks;
    }

    private static List<String> keys(long roomId, long userId, Kind... kinds) {
        return Arrays.stream(kinds).map(kind -> key(kind, roomId, userId)).toList();
    }

    private Optional<Sanction> firstConfirmed(List<Optional<String>> keys, long roomId, long userId, Kind... kinds) {
        for (int i = 0; i < kinds.length; i++) {
            if (keys.get(i).isPresent()) {
                Optional<Sanction> confirmed = confirm(kinds[i], roomId, userId);
                if (confirmed.isPresent()) {
                    return confirmed;
                }
            }
        }
        return Optional.empty();
    }

    /** A key was found: the row decides, and a stale key goes. */
    private Optional<Sanction> confirm(Kind kind, long roomId, long userId) {
        Instant now = Instant.now();
        Optional<Sanction> confirmed = records.row(roomId, userId).filter(m -> kind == Kind.BAN ? m.isBannedAt(now) : m.isMutedAt(now))
                .map(m -> new Sanction(kind, kind == Kind.BAN ? m.getBannedUntil() : m.getMutedUntil()));
        if (confirmed.isEmpty()) {
            state.delete(key(kind, roomId, userId));
        }
        return confirmed;
    }

    /** First of the observers of a committed sanction: once the key is there, every node refuses at once. */
    void followCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(Interceptor.Priority.PLATFORM_BEFORE)
                      MemberSanctioned sanctioned) {
        switch (sanctioned.action()) {
            case "BAN" -> put(Kind.BAN, sanctioned.roomId(), sanctioned.userId(), sanctioned.until());
            case "UNBAN" -> state.delete(key(Kind.BAN, sanctioned.roomId(), sanctioned.userId()));
            case "MUTE" -> put(Kind.MUTE, sanctioned.roomId(), sanctioned.userId(), sanctioned.until());
            case "UNMUTE" -> state.delete(key(Kind.MUTE, sanctioned.roomId(), sanctioned.userId()));
            default -> {
                // a kick leaves nothing in force
            }
        }
    }

    void loadAtStart(@Observes Migrations.SchemaReady ready) {
        ensureLoaded();
    }

    /** Redis is back (or lost its data): a sanction whose key could not be written meanwhile is written now. */
    void reloadAfterOutage(@Observes Outages.Recovered recovered) {
        if (recovered.dependency() == Outages.Dependency.SHARED_STATE) {
            rebuild();
        }
    }

    private void put(Kind kind, long roomId, long userId, Instant until) {
        String key = key(kind, roomId, userId);
        if (until == null) {
            state.put(key, "0", null);
            return;
        }
        Duration left = Duration.between(Instant.now(), until);
        if (left.isNegative() || left.isZero()) {
            state.delete(key);
        } else {
            state.put(key, String.valueOf(until.toEpochMilli()), left);
        }
    }

    private void ensureLoaded() {
        long now = System.currentTimeMillis();
        if (now - markerSeenAt < MARKER_CHECK_MILLIS) {
            return;
        }
        if (state.get(LOADED).isEmpty()) {
            rebuild();
        }
        markerSeenAt = now;
    }

    /** Loads every ban and mute in force from room_users, then sets the marker. */
    public synchronized void rebuild() {
        Instant now = Instant.now();
        List<Membership> rows = records.inForce(now);
        for (Membership row : rows) {
            if (row.isBannedAt(now)) {
                put(Kind.BAN, row.getRoomId(), row.getUserId(), row.getBannedUntil());
            }
            if (row.isMutedAt(now)) {
                put(Kind.MUTE, row.getRoomId(), row.getUserId(), row.getMutedUntil());
            }
        }
        state.put(LOADED, now.toString(), null);
        LOG.info(() -> "Room sanctions loaded into the shared state from the database: " + rows.size() + " members");
    }
}
