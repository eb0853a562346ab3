package dev.suda.realtime.boundary;

import dev.suda.auth.control.Authentication;
import dev.suda.auth.control.Caller;
import dev.suda.auth.control.Tickets;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.ReadMarkers;
import dev.suda.messages.control.MessageEdits;
import dev.suda.messages.control.Messages;
import dev.suda.moderation.control.PersonalMutes;
import dev.suda.moderation.control.Sanctions;
import dev.suda.platform.Incidents;
import dev.suda.platform.Outages;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import dev.suda.reactions.control.Reactions;
import dev.suda.realtime.control.Coalescing;
import dev.suda.realtime.control.Connection;
import dev.suda.realtime.control.Fanout;
import dev.suda.realtime.control.Presence;
import dev.suda.realtime.control.RoomSessions;
import dev.suda.realtime.control.Writers;
import dev.suda.rooms.control.Rooms;
import dev.suda.users.control.Users;
import dev.suda.voice.control.VoiceChannel;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A socket per client per room (SPEC §5). Opening it is joinRoom, closing it leaveRoom. Every action goes
 * through the same control methods as REST, so bans, mutes and rate limits are checked in one place.
 * Dependent-scoped so that CDI injects it; one instance per socket.
 */
@Dependent
@ServerEndpoint("/ws/rooms/{roomId}")
public class RoomEndpoint {

    private static final Logger LOG = Logger.getLogger(RoomEndpoint.class.getName());
    /** How many messages a resume replays at the most; a client further behind reloads history instead. */
    static final int MAX_RESUME = 10_000;

    @Inject
    Authentication authentication;

    @Inject
    Tickets tickets;

    @Inject
    Memberships memberships;

    @Inject
    Messages messages;

    @Inject
    Rooms rooms;

    @Inject
    Users users;

    @Inject
    PersonalMutes personalMutes;

    @Inject
    RoomSessions sessions;

    @Inject
    Writers writers;

    @Inject
    Presence presence;

    @Inject
    Fanout fanout;

    @Inject
    Sanctions sanctions;

    @Inject
    SharedState state;

    @Inject
    VoiceChannel voice;

    @Inject
    Reactions reactions;

    @Inject
    MessageEdits edits;

    @Inject
    ReadMarkers readMarkers;

    @Inject
    @ConfigProperty(name = "socket.max.queued.frames", defaultValue = "1000")
    int maxQueued;

    @Inject
    @ConfigProperty(name = "socket.batch.max.frames", defaultValue = "64")
    int batchMaxFrames;

    @Inject
    @ConfigProperty(name = "socket.batch.max.chars", defaultValue = "65536")
    int batchMaxChars;

    @Inject
    @ConfigProperty(name = "socket.batch.pace.millis", defaultValue = "25")
    long batchPaceMillis;

    @Inject
    @ConfigProperty(name = "socket.batch.busy.pace.millis", defaultValue = "60")
    long batchBusyPaceMillis;

    @Inject
    @ConfigProperty(name = "typing.interval.millis", defaultValue = "2000")
    long typingIntervalMillis;

    private Caller caller;
    private long roomId;
    private Connection connection;
    private String display;

    static long roomIdOf(String path) {
        try {
            return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No room " + path.substring(path.lastIndexOf('/') + 1));
        }
    }

    static Optional<Caller> callerOf(Principal principal) {
        return principal instanceof SocketCaller checked ? Optional.of(checked.caller()) : Optional.empty();
    }

    @OnOpen
    public void open(Session session, @PathParam("roomId") String room) {
        session.setMaxTextMessageBufferSize(256 * 1024);
        Optional<Caller> who = callerOf(session.getUserPrincipal()).filter(authentication::isLive)
                .or(() -> tickets.redeem(first(session, "ticket")));
        if (who.isEmpty()) {
            refuse(session, "unauthorized");
            return;
        }
        caller = who.get();
        try {
            roomId = roomIdOf("/" + room);
            boolean alreadyHere = presence.isOnline(roomId, caller.userId());
            memberships.arrive(caller, roomId, !alreadyHere);
            display = users.require(caller.userId()).display();
        } catch (ProblemException refused) {
            refuse(session, refused.code());
            return;
        } catch (RuntimeException failed) {
            // never leave a socket open that the room does not know: the client reconnects instead
            if (Outages.asUnavailable(failed).isPresent()) {
                refuse(session, "unavailable");
                return;
            }
            String incident = Incidents.report(LOG, "Opening a room socket failed", failed);
            closeSocket(session, new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal " + incident));
            return;
        }
        try {
            // before the socket is live and before the room's newest message is read: what commits after that read
            // is published after this node hears the room
            fanout.opening(roomId);
        } catch (RuntimeException failed) {
            refuse(session, Outages.asUnavailable(failed).isPresent() ? "unavailable" : "internal");
            return;
        }
        connection = new Connection(session, roomId, caller.userId(), UUID.randomUUID().toString(), maxQueued,
                writers.direct(), Coalescing.of(batches(session), batchMaxFrames, batchMaxChars, batchPaceMillis,
                        batchBusyPaceMillis));
        connection.mutedSenders(personalMutes.mutedBy(caller.userId()));
        Long resumeAfter = afterOf(session);
        if (resumeAfter != null) {
            // Live frames wait from the moment the socket joins the room until the replay is done: a message
            // delivered live before the resume began would mark everything before it as sent, and the replay would
            // then skip what the client missed (a gap) or send it after a newer one.
            connection.startResume();
        }
        sessions.add(connection, rooms.lastMessageId(roomId));
        // a ban that committed after the join above found no socket here to close: it is in force by now
        Optional<Sanctions.Sanction> ban = sanctions.inForce(Sanctions.Kind.BAN, roomId, caller.userId());
        if (ban.isPresent()) {
            connection.sendThenClose(Frames.sanction("banned", roomId, null,
                    ban.get().until() == null ? null : ban.get().until().toString()), Fanout.BANNED);
            return;
        }
        if (resumeAfter != null) {
            resume(resumeAfter);
        } else if (first(session, "after") != null) {
            connection.deliver(Frames.error("bad_field", "after must be a message id", "after"));
        }
        presence.arrived(roomId, caller.userId(), connection.id());
        announcePresence(roomId);
        voice.greet(connection);
    }

    /** The room's online count, now, to every socket of the room on every node. */
    private void announcePresence(long roomId) {
        fanout.publishPresence(roomId, Frames.presence(roomId, presence.onlineCount(roomId)));
    }

    /** Whether the client takes {@code batch} frames: {@code ?batch=1} (or {@code true}) on the handshake. */
    static boolean batches(Session session) {
        String batch = first(session, "batch");
        return "1".equals(batch) || "true".equalsIgnoreCase(batch);
    }

    /** The message id of {@code ?after=}, or null when there is none or it is not a number. */
    private static Long afterOf(Session session) {
        String after = first(session, "after");
        try {
            return after == null ? null : Long.valueOf(after);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String first(Session session, String parameter) {
        List<String> values = session.getRequestParameterMap().get(parameter);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Closes a socket that may not open; 1013 (try again later) when the database or Redis is away. */
    private static void refuse(Session session, String code) {
        closeSocket(session, new CloseReason("unavailable".equals(code) ? CloseReason.CloseCodes.TRY_AGAIN_LATER
                : CloseReason.CloseCodes.VIOLATED_POLICY, code));
    }

    private static void closeSocket(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing a socket that could not open failed", e);
        }
    }

    /**
     * A text frame. Taken as a Reader, so that its bytes are decoded here: a frame that is not UTF-8 closes the
     * socket with 1007 as RFC 6455 asks, without the container recording the client's mistake as an incident.
     */
    @OnMessage
    public void message(Reader text) {
        if (connection == null) {
            return;
        }
        String json;
        try {
            json = read(text);
        } catch (CharacterCodingException notUtf8) {
            connection.close(new CloseReason(CloseReason.CloseCodes.NOT_CONSISTENT, "Text frames must be UTF-8"));
            return;
        } catch (IOException unreadable) {
            // the frame's bytes are in memory already: a Reader over them fails only on their encoding
            connection.close(new CloseReason(CloseReason.CloseCodes.NOT_CONSISTENT, "Unreadable text frame"));
            return;
        }
        ClientFrame frame;
        try {
            frame = Frames.decode(json);
        } catch (FrameException bad) {
            connection.deliver(Frames.error(bad.code(), bad.getMessage(), bad.ref()));
            return;
        }
        try {
            handle(frame);
        } catch (RuntimeException failed) {
            reportFailure(frame, failed);
        }
    }

    /** The frame's text, decoded strictly; past {@link Frames#MAX_FRAME_CHARS} the rest is not read (too long anyway). */
    static String read(Reader text) throws IOException {
        StringBuilder json = new StringBuilder(256);
        char[] chunk = new char[1024];
        for (int n = text.read(chunk); n >= 0 && json.length() <= Frames.MAX_FRAME_CHARS; n = text.read(chunk)) {
            json.append(chunk, 0, n);
        }
        return json.toString();
    }

    /**
     * A binary frame, in parts as they arrive (so that none is held whole, whatever its size): the protocol is JSON
     * text, so the client is told so once the frame ends, and the socket stays open. Parts are dropped unread.
     */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (connection != null && last) {
            connection.deliver(Frames.error("unsupported", "Frames are JSON text; binary frames are not read", null));
        }
    }

    /** The client learns why a frame failed from an error frame; the socket stays open. */
    private void reportFailure(ClientFrame frame, Throwable failure) {
        ProblemException known = cause(failure);
        if (known != null) {
            connection.deliver(Frames.error(known.code(), known.getMessage(), ref(frame), null, known.until()));
        } else {
            String incident = Incidents.report(LOG, "A socket frame failed", failure);
            connection.deliver(Frames.error("internal", "Something went wrong on our side (ref " + incident + ")",
                    ref(frame), incident));
        }
    }

    /** Interceptors and transactions may wrap a refusal; the client should still see its code. */
    private static ProblemException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem;
            }
        }
        // the database or Redis is away: "unavailable", and the client sends the same frame again later
        return Outages.asUnavailable(failure).orElse(null);
    }

    private static String ref(ClientFrame frame) {
        return frame instanceof ClientFrame.SendMessage send ? send.clientMsgId() : typeOf(frame);
    }

    private static String typeOf(ClientFrame frame) {
        String name = frame.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private void handle(ClientFrame frame) {
        if (frame instanceof ClientFrame.SendMessage send) {
            // the socket reads on while the message waits for its batch's commit; the ack follows the commit
            messages.postAsync(caller, roomId, send.content(), send.clientMsgId(), send.replyTo(), send.attachments())
                    .whenComplete((posted, failure) -> {
                        if (failure != null) {
                            reportFailure(frame, failure);
                        } else {
                            connection.deliver(Frames.ack(send.clientMsgId(), posted.message().id()));
                        }
                    });
        } else if (frame instanceof ClientFrame.EditMessage edit) {
            edits.edit(caller, roomId, edit.id(), edit.content());
        } else if (frame instanceof ClientFrame.React react) {
            reactions.react(caller, roomId, react.messageId(), react.emoji(), true);
        } else if (frame instanceof ClientFrame.Unreact unreact) {
            reactions.react(caller, roomId, unreact.messageId(), unreact.emoji(), false);
        } else if (frame instanceof ClientFrame.Typing) {
            // someone who may not post is not shown as about to; the sanction is read only when it would be relayed
            if (state.hit("typing:" + SharedState.room(roomId) + ":" + caller.userId(), Duration.ofMillis(typingIntervalMillis)) == 1
                    && sanctions.firstInForce(roomId, caller.userId(), Sanctions.Kind.BAN, Sanctions.Kind.MUTE).isEmpty()) {
                fanout.publishToRoom(roomId, Frames.typing(roomId, caller.userId(), display));
            }
        } else if (frame instanceof ClientFrame.Read read) {
            readMarkers.markRead(caller, roomId, read.lastReadId());
        } else if (frame instanceof ClientFrame.Resume resume) {
            resume(resume.afterId());
        } else if (frame instanceof ClientFrame.JoinRoom) {
            connection.deliver(Frames.presence(roomId, presence.onlineCount(roomId)));
        } else if (frame instanceof ClientFrame.LeaveRoom) {
            connection.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "left"));
        } else if (frame instanceof ClientFrame.BanUser ban) {
            memberships.banFor(caller, roomId, ban.userId(), true, ban.reason(), minutes(ban.minutes()));
        } else if (frame instanceof ClientFrame.UnbanUser unban) {
            memberships.banFor(caller, roomId, unban.userId(), false, null, null);
        } else if (frame instanceof ClientFrame.KickUser kick) {
            memberships.kick(caller, roomId, kick.userId(), kick.reason());
        } else if (frame instanceof ClientFrame.MuteUser mute) {
            memberships.muteFor(caller, roomId, mute.userId(), true, mute.reason(), minutes(mute.minutes()));
        } else if (frame instanceof ClientFrame.UnmuteUser unmute) {
            memberships.muteFor(caller, roomId, unmute.userId(), false, null, null);
        } else if (frame instanceof ClientFrame.DeleteRoom) {
            rooms.delete(caller, roomId);
        } else if (frame instanceof ClientFrame.DeleteMessage delete) {
            messages.delete(caller, delete.id());
        } else {
            handleVoice(frame);
        }
    }

    private void handleVoice(ClientFrame frame) {
        if (frame instanceof ClientFrame.VoiceSignal signal) {
            voice.signal(connection, signal.to(), signal.data());
        } else if (frame instanceof ClientFrame.VoiceJoin) {
            voice.join(connection, display);
        } else if (frame instanceof ClientFrame.VoiceLeave) {
            voice.leave(connection);
        } else if (frame instanceof ClientFrame.VoiceMute mute) {
            voice.serverMute(caller, roomId, mute.userId(), mute.muted());
        }
    }

    private static Duration minutes(Double minutes) {
        return minutes == null ? null : Duration.ofMillis(Math.round(minutes * 60_000));
    }

    /**
     * Replays what the client missed after {@code afterId}, in order, while live frames wait; then the waiting
     * frames follow, less any the replay already sent. No gap, no duplicate.
     */
    private void resume(long afterId) {
        connection.startResume();
        try {
            long cursor = afterId;
            int replayed = 0;
            while (replayed < MAX_RESUME) {
                var page = messages.after(caller, roomId, cursor, Messages.MAX_PAGE);
                for (var message : page) {
                    connection.replay(message.id(), message.sender().id(), fanout.encode(message));
                    cursor = message.id();
                }
                replayed += page.size();
                if (page.size() < Messages.MAX_PAGE) {
                    return;
                }
            }
            connection.deliver(Frames.error("resume_too_far", "More than " + MAX_RESUME
                    + " messages were missed; load the history instead", "resume"));
        } finally {
            connection.finishResume();
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (connection == null) {
            return;
        }
        sessions.remove(connection);
        fanout.closed(roomId);
        try {
            voice.leave(connection);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Leaving voice as a socket closed failed", e);
        }
        try {
            presence.left(roomId, caller.userId(), connection.id());
            announcePresence(roomId);
            if (!connection.closedByServer() && !presence.isOnline(roomId, caller.userId())) {
                Caller leaving = caller;
                long room = roomId;
                presence.whenGone(room, leaving.userId(), () -> memberships.depart(leaving, room));
            }
        } catch (ProblemException gone) {
            // an unavailable Redis: Presence takes the socket out once it is back
            LOG.fine(() -> "No leave message: " + gone.getMessage());
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Socket error", failure);
    }
}
