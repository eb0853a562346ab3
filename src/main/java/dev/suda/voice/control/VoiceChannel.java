package dev.suda.voice.control;

import dev.suda.auth.control.Caller;
import dev.suda.membership.control.MemberLeft;
import dev.suda.membership.control.MemberSanctioned;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.Ranks;
import dev.suda.moderation.control.Sanctions;
import dev.suda.platform.JsonText;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import dev.suda.realtime.control.Connection;
import dev.suda.realtime.control.Fanout;
import dev.suda.realtime.control.RoomSessions;
import dev.suda.rooms.control.RoomDeleted;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A room's voice channel: who is in it (in the shared state, so every node sees the same), joining and leaving,
 * passing a signal to the one participant it is for, and what moderation does to voice.
 *
 * <p>A place in voice belongs to one socket of the user: the one that joined. Closing that socket, or leaving the
 * room, leaves voice; joining from another socket (a second tab) moves the place there. The node of that socket
 * renews the place; a node that stops without closing its sockets renews nothing, so its places lapse and the other
 * nodes sweep them off the roster. Signals go only from a socket that holds a
 * place to a participant of the same room, on whichever node that participant's socket is: straight to it when it
 * is on this node, else through the shared state's "voice" channel, which every node hears.
 *
 * <p>Moderation: a user muted in the room cannot join, and a mute, kick or ban takes them out of voice for everyone
 * as soon as it commits (the shared state is one for all nodes, and the voiceLeft frame reaches every node's
 * sockets). An owner or admin server-mutes a speaker under the rank rules, with an audit entry; every client then
 * stops playing that speaker, and the speaker's page says so.
 */
@ApplicationScoped
public class VoiceChannel {

    private static final Logger LOG = Logger.getLogger(VoiceChannel.class.getName());
    static final String CHANNEL = "voice";

    @Inject
    SharedState state;

    @Inject
    RoomSessions sessions;

    @Inject
    Fanout fanout;

    @Inject
    Sanctions sanctions;

    @Inject
    Memberships memberships;

    @Inject
    @ConfigProperty(name = "voice.max.participants", defaultValue = "8")
    int maxParticipants;

    @Inject
    @ConfigProperty(name = "voice.signals.per.second", defaultValue = "100")
    int signalsPerSecond;

    @Inject
    @ConfigProperty(name = "voice.signal.max.chars", defaultValue = "16384")
    int signalMaxChars;

    /**
     * How long a place in voice lasts unless the node whose socket holds it renews it (every third of this): a node
     * that crashed renews nothing, so its places lapse and the other nodes take them off the roster.
     */
    @Inject
    @ConfigProperty(name = "voice.seat.ttl.seconds", defaultValue = "30")
    long seatTtlSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** The places this node's sockets hold, by socket id: what this node renews. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private ScheduledFuture<?> renewer;

    private record Held(long roomId, long userId) {
    }

    void start(@Observes Startup startup) {
        state.subscribe(CHANNEL, this::receive);
        long every = Math.max(1000, seatTtl().toMillis() / 3);
        renewer = scheduler.scheduleWithFixedDelay(this::renewAndSweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (renewer != null) {
            renewer.cancel(false);
        }
    }

    private Duration seatTtl() {
        return Duration.ofSeconds(Math.max(3, seatTtlSeconds));
    }

    static String membersKey(long roomId) {
        return "voice:" + SharedState.room(roomId);
    }

    static String seatKey(long roomId, long userId) {
        return "voice:" + SharedState.room(roomId) + ":" + userId;
    }

    static String mutedKey(long roomId, long userId) {
        return "voice-muted:" + SharedState.room(roomId) + ":" + userId;
    }

    public int maxParticipants() {
        return maxParticipants;
    }

    /** Who is in the room's voice channel, oldest join first. */
    public List<Participant> roster(long roomId) {
        List<Long> userIds = state.members(membersKey(roomId)).stream().map(Long::valueOf).toList();
        if (userIds.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(userIds.size() * 2);
        userIds.forEach(u -> keys.add(seatKey(roomId, u)));
        userIds.forEach(u -> keys.add(mutedKey(roomId, u)));
        List<Optional<String>> values = state.getAll(keys);
        List<Participant> roster = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            boolean muted = values.get(userIds.size() + i).isPresent();
            // a member whose seat is not written yet (joining now) or has lapsed is not in voice
            Seat.decode(values.get(i)).ifPresent(seat -> roster.add(new Participant(seat.userId(), seat.display(), muted, seat.seq())));
        }
        roster.sort(Comparator.comparingLong(Participant::seq));
        return roster;
    }

    /** A socket opened: it learns who is in voice, so the page shows it before anyone joins. */
    public void greet(Connection connection) {
        connection.deliver(VoiceFrames.roster(connection.roomId(), roster(connection.roomId()), maxParticipants, null));
    }

    /** Takes a place in voice for this socket; the answer is the roster, and the room hears voiceJoined. */
    public void join(Connection connection, String display) {
        long roomId = connection.roomId();
        long userId = connection.userId();
        Optional<Sanctions.Sanction> mute = sanctions.inForce(Sanctions.Kind.MUTE, roomId, userId);
        if (mute.isPresent()) {
            throw ProblemException.forbidden("muted", "You are muted in this room" + mute.get().describeEnd()
                    + ", so you cannot join voice").until(mute.get().until());
        }
        Optional<Seat> mine = seat(roomId, userId);
        if (mine.isPresent() && mine.get().connectionId().equals(connection.id())) {
            connection.deliver(VoiceFrames.roster(roomId, roster(roomId), maxParticipants, mine.get().seq()));
            return;
        }
        if (mine.isPresent()) {
            vacate(roomId, userId, "moved");
        }
        String members = membersKey(roomId);
        long seq = state.hit("voice-seq", Duration.ofDays(36_500));
        // The seat first, then the member: a member without a seat is then one whose place lapsed, which a sweep removes.
        state.put(seatKey(roomId, userId), new Seat(userId, connection.id(), seq, display).encode(), seatTtl());
        state.addMember(members, Long.toString(userId), seatTtl());
        // Counted after adding: two who join at once for the last place may both be refused, never both let in.
        if (state.members(members).size() > maxParticipants) {
            state.removeMember(members, Long.toString(userId));
            state.delete(seatKey(roomId, userId));
            throw ProblemException.conflict("voice_full", "Voice is full: at most " + maxParticipants
                    + " people talk in one room at a time");
        }
        held.put(connection.id(), new Held(roomId, userId));
        boolean muted = state.get(mutedKey(roomId, userId)).isPresent();
        connection.deliver(VoiceFrames.roster(roomId, roster(roomId), maxParticipants, seq));
        fanout.publishToRoom(roomId, VoiceFrames.joined(roomId, new Participant(userId, display, muted, seq)));
    }

    /** The socket leaves voice (voiceLeave, or it closed); nothing happens when it holds no place. */
    public void leave(Connection connection) {
        held.remove(connection.id());
        Optional<Seat> seat = seat(connection.roomId(), connection.userId());
        if (seat.isPresent() && seat.get().connectionId().equals(connection.id())) {
            vacate(connection.roomId(), connection.userId(), "left");
        }
    }

    /** Takes the user out of the room's voice channel, whichever socket and node holds the place. */
    public void vacate(long roomId, long userId, String why) {
        Optional<Seat> taken = Seat.decode(state.take(seatKey(roomId, userId)));
        state.removeMember(membersKey(roomId), Long.toString(userId));
        taken.ifPresent(seat -> fanout.publishToRoom(roomId, VoiceFrames.left(roomId, userId, seat.seq(), why)));
    }

    /**
     * Passes an offer, answer or ICE candidate to one participant of the same room's voice channel. The server reads
     * nothing of it but its size: the browsers negotiate between themselves.
     */
    public void signal(Connection connection, long to, JsonObject data) {
        long roomId = connection.roomId();
        long from = connection.userId();
        if (data.toString().length() > signalMaxChars) {
            throw ProblemException.badRequest("too_long", "A voice signal may be at most " + signalMaxChars + " characters");
        }
        if (state.hit("voice-signals:" + SharedState.room(roomId) + ":" + from, Duration.ofSeconds(1)) > signalsPerSecond) {
            throw ProblemException.tooManyRequests("rate_limited", "At most " + signalsPerSecond
                    + " voice signals a second");
        }
        List<Optional<String>> seats = state.getAll(List.of(seatKey(roomId, from), seatKey(roomId, to)));
        Optional<Seat> mine = Seat.decode(seats.get(0));
        if (mine.isEmpty() || !mine.get().connectionId().equals(connection.id())) {
            throw ProblemException.forbidden("not_in_voice", "Join voice before signalling");
        }
        Optional<Seat> theirs = Seat.decode(seats.get(1));
        if (theirs.isEmpty() || to == from) {
            throw ProblemException.conflict("not_in_voice", "User " + to + " is not in this room's voice channel");
        }
        String frame = VoiceFrames.signal(roomId, from, data);
        if (!deliverHere(to, theirs.get().connectionId(), frame)) {
            state.publish(CHANNEL, JsonText.PROVIDER.createObjectBuilder().add("u", to)
                    .add("c", theirs.get().connectionId()).add("f", frame).build().toString());
        }
    }

    /** An owner or admin server-mutes (or unmutes) a user's voice in the room: audited, then everyone is told. */
    public void serverMute(Caller caller, long roomId, long userId, boolean muted) {
        memberships.moderate(caller, roomId, userId, Ranks.Act.VOICE_MUTE, muted ? "VOICE_MUTE" : "VOICE_UNMUTE", null);
        if (muted) {
            state.put(mutedKey(roomId, userId), "1", null);
        } else {
            state.delete(mutedKey(roomId, userId));
        }
        fanout.publishToRoom(roomId, VoiceFrames.roster(roomId, roster(roomId), maxParticipants, null));
    }

    /** Muted, kicked or banned: out of voice for everyone, at once. */
    void sanctioned(@Observes(during = TransactionPhase.AFTER_SUCCESS) MemberSanctioned sanction) {
        String why = switch (sanction.action()) {
            case "MUTE" -> "muted";
            case "KICK" -> "kicked";
            case "BAN" -> "banned";
            default -> null;
        };
        if (why != null) {
            try {
                vacate(sanction.roomId(), sanction.userId(), why);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not take a sanctioned user out of voice", e);
            }
        }
    }

    /** Leaving the room (REST or the page's form) leaves its voice channel too, whichever socket held the place. */
    void memberLeft(@Observes(during = TransactionPhase.AFTER_SUCCESS) MemberLeft left) {
        try {
            vacate(left.roomId(), left.userId(), "left");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not take a user who left the room out of voice", e);
        }
    }

    /**
     * Every third of the seat's lifetime: renews the places this node's sockets hold (only while they are still
     * theirs: renewing never brings back a place that moderation took), and takes lapsed places, left by a node
     * that stopped without closing its sockets, off the roster of every room this node has sockets in, telling
     * those rooms who is in voice now.
     */
    void renewAndSweep() {
        try {
            Set<Long> rooms = new HashSet<>();
            held.forEach((connectionId, place) -> {
                Optional<Seat> seat = seat(place.roomId(), place.userId());
                if (seat.isPresent() && seat.get().connectionId().equals(connectionId)
                        && state.touch(seatKey(place.roomId(), place.userId()), seatTtl())) {
                    rooms.add(place.roomId());
                } else {
                    held.remove(connectionId, place);
                }
            });
            rooms.forEach(roomId -> state.touch(membersKey(roomId), seatTtl()));
            for (long roomId : sessions.roomIds()) {
                sweep(roomId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Renewing places in voice failed; they are renewed on the next round", e);
        }
    }

    /** Takes members whose place lapsed off a room's voice roster; the room then hears the roster as it is. */
    void sweep(long roomId) {
        List<String> members = new ArrayList<>(state.members(membersKey(roomId)));
        if (members.isEmpty()) {
            return;
        }
        List<Optional<String>> seats = state.getAll(members.stream().map(u -> seatKey(roomId, Long.parseLong(u))).toList());
        boolean changed = false;
        for (int i = 0; i < members.size(); i++) {
            if (seats.get(i).isEmpty()) {
                state.removeMember(membersKey(roomId), members.get(i));
                // the user may have joined again between the read and the removal: their new place stays listed
                if (state.get(seatKey(roomId, Long.parseLong(members.get(i)))).isPresent()) {
                    state.addMember(membersKey(roomId), members.get(i), seatTtl());
                } else {
                    changed = true;
                }
            }
        }
        if (changed) {
            fanout.publishToRoom(roomId, VoiceFrames.roster(roomId, roster(roomId), maxParticipants, null));
        }
    }

    void roomDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoomDeleted deleted) {
        try {
            for (String userId : state.members(membersKey(deleted.roomId()))) {
                state.delete(seatKey(deleted.roomId(), Long.parseLong(userId)));
                state.removeMember(membersKey(deleted.roomId()), userId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not clear a deleted room's voice channel", e);
        }
    }

    private Optional<Seat> seat(long roomId, long userId) {
        return Seat.decode(state.get(seatKey(roomId, userId)));
    }

    private boolean deliverHere(long userId, String connectionId, String frame) {
        for (Connection connection : sessions.of(userId)) {
            if (connection.id().equals(connectionId)) {
                connection.deliver(frame);
                return true;
            }
        }
        return false;
    }

    /** Every node: a signal for a socket that may be one of this node's. */
    void receive(String payload) {
        JsonObject envelope;
        try (JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(payload))) {
            envelope = reader.readObject();
        }
        deliverHere(envelope.getJsonNumber("u").longValue(), envelope.getString("c"), envelope.getString("f"));
    }
}
