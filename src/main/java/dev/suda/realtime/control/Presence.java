package dev.suda.realtime.control;

import dev.suda.platform.Outages;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import dev.suda.realtime.boundary.Frames;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is online in a room, across nodes: one set member per open socket ({@code userId:socketId}), so a user
 * with two tabs stays online until the last closes.
 *
 * <p>Each node writes its own sockets into the sets again every {@code presence.refresh.seconds} and at once when
 * Redis comes back or lost its data, so presence comes back by itself; a socket that closed while Redis was away is
 * taken out then too. A member names its node ({@code userId:node:socketId}), and each node says it is alive with a
 * key that lapses after three refreshes: a refresh takes out of its rooms the sockets of nodes that stopped saying so
 * (killed, or cut off), which nobody else would ever take out.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class.getName());

    @Inject
    SharedState state;

    @Inject
    RoomSessions sessions;

    @Inject
    Fanout fanout;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "presence.refresh.seconds", defaultValue = "30")
    int refreshSeconds;

    /**
     * How long a user's last socket in a room may be gone before the room hears that they left: a page reload (or a
     * dropped connection that comes back) closes and reopens its socket, and is no departure.
     */
    @Inject
    @ConfigProperty(name = "presence.leave.grace.seconds", defaultValue = "10")
    int leaveGraceSeconds;

    /** Sockets that closed while Redis was away, by room: taken out of the sets at the next refresh. */
    private final Map<Long, Set<String>> leftUnrecorded = new ConcurrentHashMap<>();
    private ScheduledFuture<?> refresher;

    /** This node, in the members it writes. */
    static final String NODE = UUID.randomUUID().toString();

    private static String key(long roomId) {
        return "presence:" + SharedState.room(roomId);
    }

    private static String aliveKey(String node) {
        return "presence-node:" + node;
    }

    /** The node of a member, or empty for a member without one (written before members named their node). */
    static Optional<String> nodeOf(String member) {
        int first = member.indexOf(':');
        int second = member.indexOf(':', first + 1);
        return first < 0 || second < 0 ? Optional.empty() : Optional.of(member.substring(first + 1, second));
    }

    void start(@Observes Startup startup) {
        refresher = scheduler.scheduleWithFixedDelay(() -> refresh(false), 0, refreshSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (refresher != null) {
            refresher.cancel(false);
        }
    }

    public void arrived(long roomId, long userId, String socketId) {
        state.addMember(key(roomId), member(userId, socketId), null);
    }

    /** Never fails for an unavailable Redis: the socket is taken out once Redis answers again. */
    public void left(long roomId, long userId, String socketId) {
        try {
            state.removeMember(key(roomId), member(userId, socketId));
        } catch (ProblemException unavailable) {
            leftUnrecorded.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet()).add(member(userId, socketId));
        }
    }

    /**
     * Runs {@code gone} once the grace period has passed if the user then has no socket in the room on any node (the
     * sets are shared, so a socket that came back on another node counts). {@code gone} decides for itself whether
     * anything is still to be said: two nodes whose sockets of one user closed both ask.
     */
    public void whenGone(long roomId, long userId, Runnable gone) {
        scheduler.schedule(() -> {
            try {
                if (!isOnline(roomId, userId)) {
                    gone.run();
                }
            } catch (ProblemException unavailable) {
                LOG.fine(() -> "No leave message: " + unavailable.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Saying that a user left room " + roomId + " failed", e);
            }
        }, leaveGraceSeconds * 1000L, TimeUnit.MILLISECONDS);
    }

    static String member(long userId, String socketId) {
        return userId + ":" + NODE + ":" + socketId;
    }

    public Set<Long> online(long roomId) {
        return state.members(key(roomId)).stream()
                .map(member -> Long.valueOf(member.substring(0, member.indexOf(':'))))
                .collect(Collectors.toUnmodifiableSet());
    }

    public int onlineCount(long roomId) {
        return online(roomId).size();
    }

    public boolean isOnline(long roomId, long userId) {
        return online(roomId).contains(userId);
    }

    public void forget(long roomId) {
        state.delete(key(roomId));
    }

    /** Redis is back, or lost its data: this node's sockets are online again at once, and rooms hear the counts. */
    void recovered(@Observes Outages.Recovered recovered) {
        if (recovered.dependency() == Outages.Dependency.SHARED_STATE) {
            refresh(true);
        }
    }

    /** Takes out of the room's set the sockets of nodes whose alive key lapsed. */
    private void forgetLapsedNodes(long roomId) {
        Map<String, List<String>> byNode = state.members(key(roomId)).stream()
                .filter(member -> nodeOf(member).filter(node -> !node.equals(NODE)).isPresent())
                .collect(Collectors.groupingBy(member -> nodeOf(member).orElseThrow()));
        if (byNode.isEmpty()) {
            return;
        }
        List<String> nodes = List.copyOf(byNode.keySet());
        List<Optional<String>> alive = state.getAll(nodes.stream().map(Presence::aliveKey).toList());
        for (int i = 0; i < nodes.size(); i++) {
            if (alive.get(i).isEmpty()) {
                String lapsed = nodes.get(i);
                byNode.get(lapsed).forEach(member -> state.removeMember(key(roomId), member));
                LOG.info(() -> "Took " + byNode.get(lapsed).size() + " sockets of node " + lapsed
                        + ", which stopped refreshing its presence, out of room " + roomId);
            }
        }
    }

    /** Writes every socket of this node into its room's set (one call a room); {@code announce} sends the counts. */
    void refresh(boolean announce) {
        try {
            leftUnrecorded.forEach((roomId, members) -> {
                for (String member : List.copyOf(members)) {
                    state.removeMember(key(roomId), member);
                    members.remove(member);
                }
            });
            leftUnrecorded.values().removeIf(Set::isEmpty);
            // before this node's members, so that no other node finds them without it
            state.put(aliveKey(NODE), "1", Duration.ofSeconds(3L * refreshSeconds));
            for (long roomId : sessions.roomIds()) {
                List<String> members = sessions.in(roomId).stream().map(c -> member(c.userId(), c.id())).toList();
                state.addMembers(key(roomId), members, null);
                // a socket that closed meanwhile took itself out before this wrote it back: out again
                Set<String> open = sessions.in(roomId).stream().map(c -> member(c.userId(), c.id())).collect(Collectors.toSet());
                for (String member : members) {
                    if (!open.contains(member)) {
                        state.removeMember(key(roomId), member);
                    }
                }
                forgetLapsedNodes(roomId);
                if (announce) {
                    fanout.publishPresence(roomId, Frames.presence(roomId, onlineCount(roomId)));
                }
            }
        } catch (ProblemException unavailable) {
            LOG.fine(() -> "Presence not refreshed, Redis is away; it is once Redis answers again");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Refreshing presence failed", e);
        }
    }
}
