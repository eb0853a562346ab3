package dev.suda.membership.control;

import dev.suda.auth.control.Caller;
import dev.suda.membership.entity.Membership;
import dev.suda.membership.entity.Role;
import dev.suda.messages.control.Messages;
import dev.suda.messages.entity.Message;
import dev.suda.moderation.control.AuditLog;
import dev.suda.moderation.control.Moderated;
import dev.suda.platform.ProblemException;
import dev.suda.platform.RoundTrip;
import dev.suda.platform.SqlText;
import dev.suda.realtime.control.Presence;
import dev.suda.rooms.control.Rooms;
import dev.suda.rooms.entity.Room;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Joining and leaving rooms, and room moderation (ban, mute, kick, appoint) under the rules of {@link Ranks}.
 * REST and the socket both call these methods; {@link Moderated} refuses banned actors before any of them runs.
 * Every moderation action is written to the audit log in the same transaction, and announced with
 * {@link MemberSanctioned} once committed.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class Memberships {

    private static final String JOINED = " joined";
    private static final String LEFT = " left";

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    Rooms rooms;

    @Inject
    Messages messages;

    @Inject
    AuditLog audit;

    @Inject
    Presence presence;

    @Inject
    Event<MemberSanctioned> sanctioned;

    @Inject
    Event<MemberLeft> left;

    /** The result of a join: the membership, and whether it is new (201) or was already there (200). */
    public record Joined(MembershipView membership, boolean created) {
    }

    /** Where a membership id points. */
    public record Ref(long roomId, long userId) {
    }

    public MembershipView join(Caller caller, long roomId) {
        return enter(caller, roomId).membership();
    }

    /** Joins the room, or returns the membership the caller has; a ban in force refuses it. */
    public Joined enter(Caller caller, long roomId) {
        Room room = rooms.require(roomId);
        User user = users.require(caller.userId());
        Instant now = Instant.now();
        // the user's other socket (say, on another node) may be joining now
        Optional<Membership> existing = afterJoins(find(roomId, user.getId()), roomId, user.getId());
        if (existing.isPresent()) {
            Membership membership = existing.get();
            if (membership.isBannedAt(now)) {
                throw ProblemException.forbidden("banned", "You are banned from this room"
                        + (membership.getBannedUntil() == null ? "" : " until " + membership.getBannedUntil()))
                        .until(membership.getBannedUntil());
            }
            if (!membership.isBanned()) {
                return new Joined(view(membership, user), false);
            }
            // A ban that ran out: the ban took the user out of the room, so coming back is a new join.
            membership.unban();
            messages.system(roomId, user, membership.getRole(), user.display() + JOINED);
            return new Joined(view(membership, user), true);
        }
        Membership membership = new Membership(roomId, user.getId(), baseline(room, user), room.getLastMessageId());
        em.persist(membership);
        em.flush();
        messages.system(roomId, user, membership.getRole(), user.display() + JOINED);
        return new Joined(view(membership, user), true);
    }

    /**
     * A socket opened: joins if needed, and says so in the room when asked (the user's first socket there),
     * unless the room's last word about the user already is that they joined (a join over REST, the join just made
     * here, or a socket that closed and came back before its "left" was said: a reload is no new arrival). Decided
     * under the room's lock, so two sockets opening at once on two nodes say it once.
     */
    public Joined arrive(Caller caller, long roomId, boolean announce) {
        Joined joined = enter(caller, roomId);
        if (announce && !joined.created() && !lastSaidJoined(roomId, caller.userId())) {
            rooms.lock(roomId);
            if (!lastSaidJoined(roomId, caller.userId())) {
                User user = users.require(caller.userId());
                messages.system(roomId, user, joined.membership().role(), user.display() + JOINED);
            }
        }
        return joined;
    }

    private boolean lastSaidJoined(long roomId, long userId) {
        return em.createNamedQuery(Message.LAST_SYSTEM_ABOUT, String.class)
                .setParameter("userId", userId).setParameter("roomId", roomId).setParameter("kind", Message.Kind.SYSTEM)
                .setMaxResults(1).getResultStream().findFirst()
                .map(text -> text.endsWith(JOINED)).orElse(false);
    }

    /**
     * The user's last socket in the room closed and none came back within the grace period (see {@code Presence}):
     * said in the room once, even when sockets on several nodes closed; the membership stays.
     */
    public void depart(Caller caller, long roomId) {
        Optional<Membership> membership = active(roomId, caller.userId());
        if (membership.isPresent() && lastSaidJoined(roomId, caller.userId())) {
            rooms.lock(roomId);
            if (lastSaidJoined(roomId, caller.userId())) {
                User user = users.require(caller.userId());
                messages.system(roomId, user, membership.get().getRole(), user.display() + LEFT);
            }
        }
    }

    /** Leaves the room; nothing to do for a non-member, and a banned user's row stays so the ban is remembered. */
    public void leave(Caller caller, long roomId) {
        rooms.require(roomId);
        Optional<Membership> membership = active(roomId, caller.userId());
        if (membership.isEmpty()) {
            return;
        }
        User user = users.require(caller.userId());
        em.remove(membership.get());
        messages.system(roomId, user, membership.get().getRole(), user.display() + LEFT);
        left.fire(new MemberLeft(roomId, caller.userId()));
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<MembershipView> list(Caller caller, long roomId) {
        rooms.require(roomId);
        List<Membership> rows = em.createNamedQuery(Membership.OF_ROOM, Membership.class)
                .setParameter("roomId", roomId).getResultList();
        Map<Long, User> people = users(rows.stream().map(Membership::getUserId).toList());
        Set<Long> online = presence.online(roomId);
        return rows.stream().map(m -> view(m, people.get(m.getUserId()), online.contains(m.getUserId()))).toList();
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Ref locate(long membershipId) {
        Membership membership = em.find(Membership.class, membershipId);
        if (membership == null) {
            throw ProblemException.notFound("No membership " + membershipId);
        }
        return new Ref(membership.getRoomId(), membership.getUserId());
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public MembershipView view(long roomId, long userId) {
        Membership membership = find(roomId, userId).orElseThrow(() -> ProblemException.notFound("Not a member"));
        return view(membership, users.require(userId));
    }

    @Moderated
    public MembershipView ban(Caller caller, long roomId, long userId, boolean banned, String reason, Integer minutes) {
        return applyBan(caller, roomId, userId, banned, reason, minutes == null ? null : Duration.ofMinutes(minutes));
    }

    /** {@link #ban} with any duration (REST takes fractional minutes); null lasts until lifted. */
    @Moderated
    public MembershipView banFor(Caller caller, long roomId, long userId, boolean banned, String reason, Duration duration) {
        return applyBan(caller, roomId, userId, banned, reason, duration);
    }

    @Moderated
    public MembershipView mute(Caller caller, long roomId, long userId, boolean muted, String reason, Integer minutes) {
        return applyMute(caller, roomId, userId, muted, reason, minutes == null ? null : Duration.ofMinutes(minutes));
    }

    @Moderated
    public MembershipView muteFor(Caller caller, long roomId, long userId, boolean muted, String reason, Duration duration) {
        return applyMute(caller, roomId, userId, muted, reason, duration);
    }

    /** Puts the user out of the room; unlike a ban, it may join again at once. */
    @Moderated
    public void kick(Caller caller, long roomId, long userId, String reason) {
        Target target = authorize(caller, roomId, userId, Ranks.Act.KICK);
        Membership membership = target.activeRow();
        em.remove(membership);
        audit.record(roomId, caller.userId(), userId, "KICK", reason, null);
        sanctioned.fire(new MemberSanctioned(roomId, userId, "KICK", null, reason));
    }

    /**
     * An act on a member that another feature carries out (a voice mute): refused unless the caller may do it and
     * outranks the target, who must be in the room; written to the audit log. The caller applies the act once this
     * has committed.
     */
    @Moderated
    public void moderate(Caller caller, long roomId, long userId, Ranks.Act act, String action, String reason) {
        authorize(caller, roomId, userId, act).activeRow();
        audit.record(roomId, caller.userId(), userId, action, reason, null);
    }

    /** The owner makes a member ADMIN, or an ADMIN a member again. */
    @Moderated
    public MembershipView setRole(Caller caller, long roomId, long userId, Role role) {
        if (role != Role.ADMIN && role != Role.MEMBER) {
            throw ProblemException.badRequest("bad_role", "A member can be made ADMIN or MEMBER only");
        }
        Target target = authorize(caller, roomId, userId, Ranks.Act.APPOINT);
        Membership membership = target.activeRow();
        if (target.user().isGuest()) {
            throw ProblemException.badRequest("guest_role", "Guests keep the GUEST role; register to be appointed");
        }
        if (membership.getRole() == Role.OWNER) {
            throw ProblemException.conflict("owner_role", "The owner's role does not change");
        }
        membership.setRole(role);
        audit.record(roomId, caller.userId(), userId, "ROLE", role.name(), null);
        return view(membership, target.user());
    }

    private MembershipView applyBan(Caller caller, long roomId, long userId, boolean banned, String reason, Duration duration) {
        Target target = authorize(caller, roomId, userId, Ranks.Act.BAN);
        Instant until = until(duration);
        Membership membership = target.row();
        if (banned) {
            // the user's socket may be joining now: its row is the one to ban
            membership = afterJoins(Optional.ofNullable(membership), roomId, userId).orElse(null);
            if (membership == null) {
                // A ban of someone who is not in the room is remembered all the same.
                membership = new Membership(roomId, userId, baseline(target.room(), target.user()));
                em.persist(membership);
            }
            membership.ban(reason, until);
            membership.setRole(baseline(target.room(), target.user()));
        } else {
            if (membership == null || !membership.isBanned()) {
                throw ProblemException.conflict("not_banned", "This user is not banned from this room");
            }
            membership.unban();
        }
        audit.record(roomId, caller.userId(), userId, banned ? "BAN" : "UNBAN", reason, until);
        sanctioned.fire(new MemberSanctioned(roomId, userId, banned ? "BAN" : "UNBAN", until, reason));
        em.flush();
        return view(membership, target.user());
    }

    private MembershipView applyMute(Caller caller, long roomId, long userId, boolean muted, String reason, Duration duration) {
        Target target = authorize(caller, roomId, userId, Ranks.Act.MUTE);
        Membership membership = target.activeRow();
        Instant until = until(duration);
        if (muted) {
            membership.mute(reason, until);
        } else {
            membership.unmute();
        }
        audit.record(roomId, caller.userId(), userId, muted ? "MUTE" : "UNMUTE", reason, until);
        sanctioned.fire(new MemberSanctioned(roomId, userId, muted ? "MUTE" : "UNMUTE", until, reason));
        return view(membership, target.user());
    }

    private static Instant until(Duration duration) {
        if (duration == null) {
            return null;
        }
        if (duration.isNegative() || duration.isZero()) {
            throw ProblemException.badRequest("bad_duration", "A duration must be positive");
        }
        return Instant.now().plus(duration);
    }

    private record Target(Room room, User user, Membership row) {
        Membership activeRow() {
            if (row == null || !row.isActiveAt(Instant.now())) {
                throw ProblemException.notFound("This user is not a member of the room");
            }
            return row;
        }
    }

    /** Refuses the act unless the caller may do it and outranks the target; nothing has changed when it throws. */
    private Target authorize(Caller caller, long roomId, long userId, Ranks.Act act) {
        Room room = rooms.require(roomId);
        boolean actorAdmin = users.isAdmin(caller.userId());
        Role actorRole = active(roomId, caller.userId()).map(Membership::getRole).orElse(null);
        if (!Ranks.mayAct(actorRole, actorAdmin, act)) {
            throw ProblemException.forbidden("not_allowed", act == Ranks.Act.APPOINT
                    ? "Only the room's owner may appoint admins"
                    : "Only the room's owner and admins may do this");
        }
        User user = users.require(userId);
        Membership row = find(roomId, userId).orElse(null);
        Role targetRole = row != null ? row.getRole() : baseline(room, user);
        if (!Ranks.outranks(actorRole, actorAdmin, targetRole, user.isAdmin())) {
            throw ProblemException.forbidden("outranked", "Nobody acts on a member of equal or higher rank");
        }
        return new Target(room, user, row);
    }

    /** The role a user has in a room by who it is: the owner, a guest, or a member. */
    public static Role baseline(Room room, User user) {
        return room.getOwnerId() == user.getId() ? Role.OWNER : user.isGuest() ? Role.GUEST : Role.MEMBER;
    }

    /**
     * The user's row as read or, when there was none, as read again under the room's lock: a join holds that lock
     * until it commits, so a join in progress has then committed its row, and inserting a second would fail on
     * uk_room_users.
     */
    private Optional<Membership> afterJoins(Optional<Membership> read, long roomId, long userId) {
        if (read.isPresent()) {
            return read;
        }
        rooms.lock(roomId);
        return find(roomId, userId);
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Optional<Membership> find(long roomId, long userId) {
        return em.createNamedQuery(Membership.OF_USER, Membership.class)
                .setParameter("roomId", roomId).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /** The caller's membership when it is in the room now (not under a ban in force). */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Optional<Membership> active(long roomId, long userId) {
        Instant now = Instant.now();
        return find(roomId, userId).filter(m -> m.isActiveAt(now));
    }

    /** A user's place in a room. */
    public record Seat(long roomId, long userId) {
    }

    /** Who sits in a seat of a batch of posts: the role they post with and how everyone sees them. */
    public record Seated(Role role, String display) {
    }

    /**
     * {@link #active} for many seats in one statement, added to a round trip on the connection of the caller's
     * transaction: the memberships in force among them, with how their users are shown. Plain JDBC, because a batch
     * of posts only reads these few columns: as a JPA query with two IN lists, EclipseLink translated the query anew
     * for every batch and built two entities a row, nearly a third of what storing a batch cost.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public RoundTrip.Result<Map<Seat, Seated>> seated(RoundTrip trip, Collection<Seat> seats) {
        List<Long> roomIds = seats.stream().map(Seat::roomId).distinct().toList();
        List<Long> userIds = seats.stream().map(Seat::userId).distinct().toList();
        String sql = "SELECT m.room_id, m.user_id, m.role, m.is_banned, m.banned_until, u.username, u.is_guest, u.ip_address"
                + " FROM room_users m JOIN users u ON u.id = m.user_id"
                + " WHERE m.room_id IN (" + SqlText.placeholders(roomIds.size()) + ")"
                + " AND m.user_id IN (" + SqlText.placeholders(userIds.size()) + ")";
        Set<Seat> wanted = Set.copyOf(seats);
        return trip.query(sql, (statement, first) -> {
            int p = first;
            for (long roomId : roomIds) {
                statement.setLong(p++, roomId);
            }
            for (long userId : userIds) {
                statement.setLong(p++, userId);
            }
            return p;
        }, rows -> {
            Instant now = Instant.now();
            Map<Seat, Seated> seated = new HashMap<>();
            while (rows.next()) {
                Seat seat = new Seat(rows.getLong(1), rows.getLong(2));
                Timestamp bannedUntil = rows.getTimestamp(5);
                if (wanted.contains(seat) && !Membership.banInForce(rows.getBoolean(4),
                        bannedUntil == null ? null : bannedUntil.toInstant(), now)) {
                    seated.put(seat, new Seated(Role.valueOf(rows.getString(3)),
                            User.display(rows.getString(6), rows.getBoolean(7), rows.getString(8))));
                }
            }
            return seated;
        });
    }

    /** The roles the given users hold in the room now: their row's role, else what they would join as. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Map<Long, Role> roles(Room room, Collection<User> people) {
        if (people.isEmpty()) {
            return Map.of();
        }
        Map<Long, Role> rows = em.createNamedQuery(Membership.OF_USERS, Membership.class)
                .setParameter("roomId", room.getId())
                .setParameter("userIds", people.stream().map(User::getId).toList())
                .getResultStream().collect(Collectors.toMap(Membership::getUserId, Membership::getRole));
        return people.stream().collect(Collectors.toMap(User::getId,
                u -> rows.getOrDefault(u.getId(), baseline(room, u)), (a, b) -> a));
    }

    /** Where a user stands in a room of a list: in it, banned from it, or (no entry) neither. */
    public enum Standing { MEMBER, BANNED }

    /** The user's standing in each of these rooms where it has a row, for room lists (Open instead of Join). */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Map<Long, Standing> standings(long userId, Collection<Long> roomIds) {
        if (roomIds.isEmpty()) {
            return Map.of();
        }
        Instant now = Instant.now();
        return em.createQuery("SELECT m FROM Membership m WHERE m.userId = :userId AND m.roomId IN :roomIds", Membership.class)
                .setParameter("userId", userId).setParameter("roomIds", List.copyOf(roomIds)).getResultStream()
                .collect(Collectors.toMap(Membership::getRoomId, m -> m.isBannedAt(now) ? Standing.BANNED : Standing.MEMBER,
                        (a, b) -> a));
    }

    /** Members in each room now, for room lists. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Map<Long, Long> counts(Collection<Long> roomIds) {
        if (roomIds.isEmpty()) {
            return Map.of();
        }
        return em.createNamedQuery(Membership.COUNTS, Object[].class)
                .setParameter("roomIds", List.copyOf(roomIds)).setParameter("now", Instant.now())
                .getResultStream().collect(Collectors.toMap(r -> ((Number) r[0]).longValue(), r -> ((Number) r[1]).longValue()));
    }

    private Map<Long, User> users(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("SELECT u FROM User u WHERE u.id IN :ids", User.class)
                .setParameter("ids", List.copyOf(ids)).getResultStream()
                .collect(Collectors.toMap(User::getId, Function.identity()));
    }

    private MembershipView view(Membership m, User user) {
        return view(m, user, presence.isOnline(m.getRoomId(), m.getUserId()));
    }

    private static MembershipView view(Membership m, User user, boolean online) {
        Instant now = Instant.now();
        boolean muted = m.isMutedAt(now);
        boolean banned = m.isBannedAt(now);
        return new MembershipView(m.getId(), m.getRoomId(), m.getUserId(), user.display(), m.getRole(),
                muted, muted ? m.getMutedUntil() : null, banned, banned ? m.getBannedUntil() : null, online);
    }
}
