package dev.suda.membership.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A user's place in a room (a row of room_users). A banned user keeps the row, flagged, so that the ban is
 * remembered; while the ban lasts the row does not count as a member. Bans and mutes end by themselves: a
 * flag with an {@code until} in the past is no longer in force, with no clean-up step.
 */
@Entity
@Table(name = "room_users")
@NamedQuery(name = Membership.OF_USER,
        query = "SELECT m FROM Membership m WHERE m.roomId = :roomId AND m.userId = :userId")
@NamedQuery(name = Membership.OF_ROOM, query = "SELECT m FROM Membership m WHERE m.roomId = :roomId ORDER BY m.id")
@NamedQuery(name = Membership.OF_USERS,
        query = "SELECT m FROM Membership m WHERE m.roomId = :roomId AND m.userId IN :userIds")
@NamedQuery(name = Membership.COUNTS, query = "SELECT m.roomId, COUNT(m) FROM Membership m WHERE m.roomId IN :roomIds"
        + " AND (m.banned = FALSE OR m.bannedUntil <= :now) GROUP BY m.roomId")
@NamedQuery(name = Membership.SANCTIONED, query = "SELECT m FROM Membership m"
        + " WHERE (m.banned = TRUE AND (m.bannedUntil IS NULL OR m.bannedUntil > :now))"
        + " OR (m.muted = TRUE AND (m.mutedUntil IS NULL OR m.mutedUntil > :now))")
@NamedQuery(name = Membership.MARKERS, query = "SELECT m.roomId, m.lastReadId FROM Membership m"
        + " WHERE m.userId = :userId AND m.roomId IN :roomIds AND (m.banned = FALSE OR m.bannedUntil <= :now)")
// A read marker only moves forward: the condition makes a late or repeated mark change nothing, atomically.
@NamedQuery(name = Membership.MARK_READ, query = "UPDATE Membership m SET m.lastReadId = :lastReadId"
        + " WHERE m.roomId = :roomId AND m.userId = :userId AND m.lastReadId < :lastReadId")
public class Membership {

    public static final String OF_USER = "Membership.ofUser";
    public static final String OF_ROOM = "Membership.ofRoom";
    public static final String OF_USERS = "Membership.ofUsers";
    public static final String COUNTS = "Membership.counts";
    public static final String SANCTIONED = "Membership.sanctioned";
    public static final String MARK_READ = "Membership.markRead";
    public static final String MARKERS = "Membership.markers";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "room_id")
    private long roomId;

    @Column(name = "user_id")
    private long userId;

    @Enumerated(EnumType.STRING)
    private Role role;

    @Column(name = "is_banned")
    private boolean banned;

    @Column(name = "ban_reason")
    private String banReason;

    @Column(name = "banned_until")
    private Instant bannedUntil;

    @Column(name = "is_muted")
    private boolean muted;

    @Column(name = "mute_reason")
    private String muteReason;

    @Column(name = "muted_until")
    private Instant mutedUntil;

    @Column(name = "joined_at")
    private Instant joinedAt;

    /** The newest message of the room its user has read (0: none); see {@code ReadMarkers}. */
    @Column(name = "last_read_id")
    private long lastReadId;

    protected Membership() {
    }

    public Membership(long roomId, long userId, Role role) {
        this(roomId, userId, role, 0);
    }

    /** A new member has read what the room said before it joined: {@code lastReadId} is the room's newest message. */
    public Membership(long roomId, long userId, Role role, long lastReadId) {
        this.roomId = roomId;
        this.userId = userId;
        this.role = role;
        this.joinedAt = Instant.now();
        this.lastReadId = lastReadId;
    }

    public boolean isBannedAt(Instant now) {
        return banInForce(banned, bannedUntil, now);
    }

    /** A ban flag with its end: in force until it ends, for ever without one. */
    public static boolean banInForce(boolean banned, Instant until, Instant now) {
        return banned && (until == null || until.isAfter(now));
    }

    public boolean isMutedAt(Instant now) {
        return muted && (mutedUntil == null || mutedUntil.isAfter(now));
    }

    /** A member in the room now: not under a ban that is still in force. */
    public boolean isActiveAt(Instant now) {
        return !isBannedAt(now);
    }

    public void ban(String reason, Instant until) {
        banned = true;
        banReason = reason;
        bannedUntil = until;
    }

    /** Lifts a ban, or forgets one that has run out. */
    public void unban() {
        banned = false;
        banReason = null;
        bannedUntil = null;
    }

    public void mute(String reason, Instant until) {
        muted = true;
        muteReason = reason;
        mutedUntil = until;
    }

    public void unmute() {
        muted = false;
        muteReason = null;
        mutedUntil = null;
    }

    public Long getId() {
        return id;
    }

    public long getRoomId() {
        return roomId;
    }

    public long getUserId() {
        return userId;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public boolean isBanned() {
        return banned;
    }

    public String getBanReason() {
        return banReason;
    }

    public Instant getBannedUntil() {
        return bannedUntil;
    }

    public boolean isMuted() {
        return muted;
    }

    public String getMuteReason() {
        return muteReason;
    }

    public Instant getMutedUntil() {
        return mutedUntil;
    }

    public Instant getJoinedAt() {
        return joinedAt;
    }

    public long getLastReadId() {
        return lastReadId;
    }
}
