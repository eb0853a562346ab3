package dev.suda.realtime.control;

import dev.suda.membership.control.MemberSanctioned;
import dev.suda.membership.control.ReadMoved;
import dev.suda.messages.control.MessageCreated;
import dev.suda.messages.control.MessagesCreated;
import dev.suda.messages.control.MessageDeleted;
import dev.suda.messages.control.MessageEdited;
import dev.suda.messages.control.MessageView;
import dev.suda.messages.control.Messages;
import dev.suda.moderation.control.PersonalMuteChanged;
import dev.suda.moderation.control.PersonalMutes;
import dev.suda.platform.Outages;
import dev.suda.platform.SharedState;
import dev.suda.reactions.control.ReactionsChanged;
import dev.suda.realtime.boundary.Frames;
import dev.suda.rooms.control.RoomDeleted;
import dev.suda.users.control.Users;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import dev.suda.platform.JsonText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns committed changes into frames for every socket of a room on every node. Each change is published once on
 * its room's channel (Redis pub/sub between nodes; in-process on the embedded default), which only the nodes with
 * sockets in the room subscribe to ({@link RoomSubscriptions}), and every such node, this one included, delivers it
 * to its own sockets. What concerns a user in every room (a site ban, personal mutes) goes on the node-wide
 * "fanout" channel. Nothing is published before it commits.
 */
@ApplicationScoped
public class Fanout {

    private static final Logger LOG = Logger.getLogger(Fanout.class.getName());
    static final String CHANNEL = "fanout";
    /** This node, in the envelopes it publishes: it delivers its own messages before publishing them. */
    private static final String NODE = UUID.randomUUID().toString();
    /**
     * How this node's own messages envelope begins once serialized (JSON-P keeps the order the fields were added
     * in): pub/sub brings every one back, and recognising it by its first bytes spares parsing what is dropped.
     */
    private static final String OWN_MESSAGES = "{\"k\":\"messages\",\"node\":\"" + NODE + "\"";
    public static final CloseReason BANNED = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "banned");
    public static final CloseReason KICKED = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "kicked");
    public static final CloseReason ROOM_DELETED = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "room deleted");

    @Inject
    SharedState state;

    @Inject
    RoomSessions sessions;

    @Inject
    Messages messages;

    @Inject
    PersonalMutes personalMutes;

    @Inject
    Users users;

    @Inject
    FanoutMetrics metrics;

    @Inject
    @ConfigProperty(name = "fanout.gap.millis", defaultValue = "300")
    long gapMillis;

    /** How long a node keeps hearing a room after its last socket there closed (a reconnect costs no resubscribe). */
    @Inject
    @ConfigProperty(name = "room.subscription.linger.millis", defaultValue = "5000")
    long lingerMillis;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Jsonb jsonb = JsonbBuilder.create();
    private ScheduledFuture<?> gapFiller;
    private RoomSubscriptions subscriptions;

    @PostConstruct
    void init() {
        subscriptions = new RoomSubscriptions(state, scheduler, Duration.ofMillis(lingerMillis), this::receive);
    }

    void start(@Observes Startup startup) {
        state.subscribe(CHANNEL, this::receive);
        gapFiller = scheduler.scheduleWithFixedDelay(
                () -> sessions.fillOverdueGaps(gapMillis, this::committedAfter), gapMillis, gapMillis / 2, TimeUnit.MILLISECONDS);
    }

    /**
     * Redis is back: what other nodes published while this one could not hear them is read from the database, now
     * and once more after the subscription is surely back (it is tried again at least every second).
     */
    void recovered(@Observes Outages.Recovered recovered) {
        if (recovered.dependency() == Outages.Dependency.SHARED_STATE) {
            Runnable catchUp = () -> {
                try {
                    sessions.catchUp(this::committedAfter);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Catching up on messages after Redis came back failed", e);
                }
            };
            scheduler.execute(catchUp);
            scheduler.schedule(catchUp, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * A socket of the room is opening on this node: returns once the node hears the room's channel. Call it before the
     * socket joins the room's live set and before reading the room's newest message, and {@link #closed} once for
     * each call, when the socket closes.
     */
    public void opening(long roomId) {
        subscriptions.open(roomId);
    }

    /** A socket that {@link #opening} counted has closed. */
    public void closed(long roomId) {
        subscriptions.close(roomId);
    }

    /** The rooms whose channel this node holds now. */
    public Set<Long> subscribedRooms() {
        return subscriptions.rooms();
    }

    @PreDestroy
    void stop() {
        if (gapFiller != null) {
            gapFiller.cancel(false);
        }
    }

    // ---- committed changes, published once ----

    /**
     * A batch's messages go out in one envelope: one publish and one receive per node for all of them. This node's
     * own sockets get them first, on the thread that committed them: through pub/sub they waited for the publish's
     * round trip and a hand-off to the subscriber's thread, on a core busy writing the copies of earlier messages.
     * The node then skips its own envelope when pub/sub brings it back.
     */
    void messagesCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessagesCreated created) {
        long at = FanoutMetrics.nowMicros();
        // one envelope per room, on the room's channel: a node hears only the rooms it has sockets in
        Map<Long, JsonArrayBuilder> byRoom = new LinkedHashMap<>();
        List<RoomSessions.Posted> posted = new ArrayList<>(created.messages().size());
        for (MessageCreated item : created.messages()) {
            MessageView message = item.message();
            String frame = encode(message);
            byRoom.computeIfAbsent(message.roomId(), id -> JsonText.PROVIDER.createArrayBuilder())
                    .add(JsonText.PROVIDER.createObjectBuilder().add("roomId", message.roomId()).add("id", message.id())
                    .add("previousId", item.previousId()).add("senderId", message.sender().id()).add("frame", frame));
            posted.add(new RoomSessions.Posted(message.roomId(),
                    new RoomSessions.Delivery(message.id(), item.previousId(), message.sender().id(), frame)));
        }
        // A gap (another node's message not heard of yet) is left to the gap filler here, never filled on this
        // thread: it reads the database, and the transaction has only just completed.
        try {
            sessions.deliverMessages(posted, Long.MAX_VALUE, this::committedAfter);
            metrics.delivered(at, posted.size());
        } finally {
            byRoom.forEach((roomId, items) -> publish(RoomSubscriptions.channel(roomId), messagesEnvelope(items, at)));
        }
    }

    /** The envelope of a batch's messages, from this node: it begins with {@link #OWN_MESSAGES}. */
    static JsonObjectBuilder messagesEnvelope(JsonArrayBuilder items, long at) {
        return JsonText.PROVIDER.createObjectBuilder().add("k", "messages").add("node", NODE).add("items", items)
                .add("at", at);
    }

    /** An envelope of messages this node delivered as they committed. */
    static boolean own(String payload) {
        return payload.startsWith(OWN_MESSAGES);
    }

    void messageDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageDeleted deleted) {
        publishToRoom(deleted.roomId(), Frames.messageDeleted(deleted.roomId(), deleted.messageId()));
    }

    void messageEdited(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageEdited edit) {
        publishToRoom(edit.roomId(), Frames.messageEdited(edit));
    }

    void reactionsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReactionsChanged change) {
        publishToRoom(change.roomId(), Frames.reactions(change));
    }

    void roomDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoomDeleted deleted) {
        publish(RoomSubscriptions.channel(deleted.roomId()),
                JsonText.PROVIDER.createObjectBuilder().add("k", "roomDeleted").add("roomId", deleted.roomId()));
    }

    void sanctioned(@Observes(during = TransactionPhase.AFTER_SUCCESS) MemberSanctioned sanction) {
        String until = sanction.until() == null ? null : sanction.until().toString();
        // the target first: its sockets close on every node before the room hears about it
        String targetFrame = switch (sanction.action()) {
            case "BAN" -> Frames.sanction("banned", sanction.roomId(), sanction.reason(), until);
            case "KICK" -> Frames.sanction("kicked", sanction.roomId(), sanction.reason(), null);
            case "MUTE" -> Frames.sanction("muted", sanction.roomId(), sanction.reason(), until);
            case "UNMUTE" -> Frames.sanction("unmuted", sanction.roomId(), null, null);
            default -> null;
        };
        if (targetFrame != null) {
            publish(RoomSubscriptions.channel(sanction.roomId()), JsonText.PROVIDER.createObjectBuilder().add("k", "user").add("roomId", sanction.roomId())
                    .add("userId", sanction.userId()).add("frame", targetFrame)
                    .add("close", switch (sanction.action()) {
                        case "BAN" -> "banned";
                        case "KICK" -> "kicked";
                        default -> "";
                    }));
        }
        String display = users.find(sanction.userId()).map(u -> u.display()).orElse("user " + sanction.userId());
        String text = switch (sanction.action()) {
            case "BAN" -> display + " was banned" + (sanction.reason() == null ? "" : ": " + sanction.reason());
            case "KICK" -> display + " was kicked" + (sanction.reason() == null ? "" : ": " + sanction.reason());
            case "MUTE" -> display + " was muted" + (until == null ? "" : " until " + until);
            case "UNMUTE" -> display + " may speak again";
            default -> display + " may join again";
        };
        publishToRoom(sanction.roomId(), Frames.system(sanction.roomId(), sanction.action().toLowerCase(), text,
                sanction.userId(), display, sanction.reason(), sanction.until()));
    }

    void siteBanned(@Observes(during = TransactionPhase.AFTER_SUCCESS) Users.SiteBanned banned) {
        publish(CHANNEL, JsonText.PROVIDER.createObjectBuilder().add("k", "siteBan").add("userId", banned.userId())
                .add("reason", banned.reason() == null ? "" : banned.reason()));
    }

    /** A read marker moved: the user's sockets on every node (its other tabs clear their counts). */
    void readMoved(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReadMoved read) {
        publish(CHANNEL, JsonText.PROVIDER.createObjectBuilder().add("k", "read").add("userId", read.userId())
                .add("frame", Frames.readUpTo(read.roomId(), read.lastReadId())));
    }

    void personalMutesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) PersonalMuteChanged changed) {
        publish(CHANNEL, JsonText.PROVIDER.createObjectBuilder().add("k", "mutes").add("userId", changed.userId()));
    }

    /** A room's online count, to every socket of the room on every node. */
    public void publishPresence(long roomId, String frame) {
        publish(RoomSubscriptions.channel(roomId), JsonText.PROVIDER.createObjectBuilder().add("k", "presence").add("roomId", roomId).add("frame", frame));
    }

    /** Frames that are not stored (typing, moderation notices), every one delivered; presence has its own path. */
    public void publishToRoom(long roomId, String frame) {
        publish(RoomSubscriptions.channel(roomId), JsonText.PROVIDER.createObjectBuilder().add("k", "room").add("roomId", roomId).add("frame", frame));
    }

    private void publish(String channel, JsonObjectBuilder envelope) {
        try {
            state.publish(channel, envelope.build().toString());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Fan-out could not publish; live clients catch up on resume", e);
        }
    }

    public String encode(MessageView message) {
        String json = jsonb.toJson(message);
        return "{\"type\":\"message\"," + json.substring(1);
    }

    // ---- every node: deliver to its own sockets ----

    void receive(String payload) {
        if (own(payload)) {
            return;   // delivered here as it committed
        }
        JsonObject envelope;
        try (JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(payload))) {
            envelope = reader.readObject();
        }
        switch (envelope.getString("k")) {
            case "messages" -> {
                List<RoomSessions.Posted> items = envelope.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .map(item -> new RoomSessions.Posted(item.getJsonNumber("roomId").longValue(),
                                new RoomSessions.Delivery(item.getJsonNumber("id").longValue(),
                                        item.getJsonNumber("previousId").longValue(),
                                        item.getJsonNumber("senderId").longValue(), item.getString("frame"))))
                        .toList();
                sessions.deliverMessages(items, gapMillis, this::committedAfter);
                metrics.delivered(envelope.getJsonNumber("at").longValue(), items.size());
            }
            case "room" -> sessions.deliverToRoom(envelope.getJsonNumber("roomId").longValue(), envelope.getString("frame"));
            case "presence" -> sessions.deliverPresence(envelope.getJsonNumber("roomId").longValue(), envelope.getString("frame"));
            case "user" -> {
                String close = envelope.getString("close");
                sessions.deliverToUser(envelope.getJsonNumber("roomId").longValue(),
                        envelope.getJsonNumber("userId").longValue(), envelope.getString("frame"),
                        close.equals("banned") ? BANNED : close.equals("kicked") ? KICKED : null);
            }
            case "roomDeleted" -> {
                long roomId = envelope.getJsonNumber("roomId").longValue();
                sessions.closeRoom(roomId, Frames.roomDeleted(roomId), ROOM_DELETED);
            }
            case "siteBan" -> {
                long userId = envelope.getJsonNumber("userId").longValue();
                for (Connection connection : sessions.of(userId)) {
                    connection.sendThenClose(Frames.sanction("banned", connection.roomId(),
                            envelope.getString("reason"), null), BANNED);
                }
            }
            case "read" -> {
                String frame = envelope.getString("frame");
                sessions.of(envelope.getJsonNumber("userId").longValue()).forEach(c -> c.deliver(frame));
            }
            case "mutes" -> {
                long userId = envelope.getJsonNumber("userId").longValue();
                List<Connection> connections = sessions.of(userId);
                if (!connections.isEmpty()) {
                    var muted = personalMutes.mutedBy(userId);
                    connections.forEach(c -> c.mutedSenders(muted));
                }
            }
            default -> LOG.warning(() -> "Unknown fan-out envelope " + envelope.getString("k"));
        }
    }

    /** The committed messages of a room after an id, in order: what fills a gap and what a resume replays. */
    public List<RoomSessions.Delivery> committedAfter(long roomId, long afterId) {
        return messages.after(roomId, afterId, Messages.MAX_PAGE).stream()
                .map(m -> new RoomSessions.Delivery(m.id(), -1, m.sender().id(), encode(m)))
                .toList();
    }
}
