package dev.suda.rooms.control;

import dev.suda.auth.control.Caller;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.ReadMarkers;
import dev.suda.membership.entity.Membership;
import dev.suda.membership.entity.Role;
import dev.suda.moderation.control.AuditLog;
import dev.suda.moderation.entity.AuditEntry;
import dev.suda.platform.ProblemException;
import dev.suda.realtime.control.Presence;
import dev.suda.rooms.entity.Room;
import dev.suda.users.control.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Public rooms: anyone signed in opens one and owns it; the owner renames it; the owner or a site admin deletes it. */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class Rooms {

    public static final int MAX_PAGE = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    Memberships memberships;

    @Inject
    ReadMarkers readMarkers;

    @Inject
    Presence presence;

    @Inject
    AuditLog audit;

    @Inject
    Event<RoomDeleted> roomDeleted;

    /** Opens a room; its creator joins it as OWNER. */
    public RoomView create(Caller caller, String name) {
        users.require(caller.userId());
        Room room = new Room(name.strip(), caller.userId());
        em.persist(room);
        em.flush();
        memberships.enter(caller, room.getId());
        return view(room);
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Room require(long roomId) {
        Room room = em.find(Room.class, roomId);
        if (room == null) {
            throw ProblemException.notFound("No room " + roomId);
        }
        return room;
    }

    /**
     * Takes the room's row lock before a transaction writes rows that reference the room and then a message:
     * taking it later would upgrade the shared lock of the foreign key check and deadlock with a concurrent join.
     */
    public Room lock(long roomId) {
        Room room = em.find(Room.class, roomId, LockModeType.PESSIMISTIC_WRITE);
        if (room == null) {
            throw ProblemException.notFound("No room " + roomId);
        }
        return room;
    }

    /** The newest committed message of a room (0 when it has none). */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public long lastMessageId(long roomId) {
        return require(roomId).getLastMessageId();
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public RoomView get(long roomId) {
        return view(require(roomId));
    }

    /** Rooms newest first, by keyset on the id. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<RoomView> list(Long before, int limit) {
        List<Room> page = em.createNamedQuery(Room.ALL, Room.class)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_PAGE)))
                .getResultList();
        Map<Long, Long> counts = memberships.counts(page.stream().map(Room::getId).toList());
        return page.stream().map(room -> view(room, counts.getOrDefault(room.getId(), 0L))).toList();
    }

    /** {@link #list(Long, int)} with the reader's unread and mention counts in the rooms it is a member of. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<RoomView> list(Caller reader, Long before, int limit) {
        return withCounts(reader, list(before, limit));
    }

    /** {@link #get(long)} with the reader's counts when it is a member. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public RoomView get(Caller reader, long roomId) {
        return withCounts(reader, List.of(get(roomId))).get(0);
    }

    private List<RoomView> withCounts(Caller reader, List<RoomView> page) {
        Map<Long, ReadMarkers.Counts> counts = readMarkers.counts(reader.userId(), page.stream().map(RoomView::id).toList());
        return page.stream().map(room -> {
            ReadMarkers.Counts c = counts.get(room.id());
            return c == null ? room : room.withCounts(c.unreadCount(), c.mentionCount());
        }).toList();
    }

    public RoomView rename(Caller caller, long roomId, String name) {
        Room room = require(roomId);
        if (room.getOwnerId() != caller.userId()) {
            throw ProblemException.forbidden("owner_only", "Only the room's owner may rename it");
        }
        room.setName(name.strip());
        return view(room);
    }

    /** Deletes the room with its members and messages (the schema cascades); the audit log keeps the deed. */
    public void delete(Caller caller, long roomId) {
        Room room = require(roomId);
        if (room.getOwnerId() != caller.userId() && !users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("owner_only", "Only the room's owner or a site admin may delete it");
        }
        audit.record(roomId, caller.userId(), null, "ROOM_DELETE", room.getName(), null);
        em.remove(room);
        em.flush();
        roomDeleted.fire(new RoomDeleted(roomId));
    }

    /** The room's moderation record, newest first: for its OWNER and ADMINs, and site admins. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<AuditEntry> audit(Caller caller, long roomId, Long before, int limit) {
        require(roomId);
        Role role = memberships.active(roomId, caller.userId()).map(Membership::getRole).orElse(null);
        if (role != Role.OWNER && role != Role.ADMIN && !users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("not_allowed", "Only the room's owner and admins may read its audit log");
        }
        return audit.ofRoom(roomId, before, limit);
    }

    private RoomView view(Room room) {
        return view(room, memberships.counts(List.of(room.getId())).getOrDefault(room.getId(), 0L));
    }

    private RoomView view(Room room, long memberCount) {
        return new RoomView(room.getId(), room.getName(), room.getOwnerId(), memberCount,
                presence.onlineCount(room.getId()), room.getCreatedAt());
    }
}
