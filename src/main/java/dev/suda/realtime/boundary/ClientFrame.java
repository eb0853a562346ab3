package dev.suda.realtime.boundary;

/** What a client may send on a room socket (SPEC §5). */
public sealed interface ClientFrame {

    record JoinRoom() implements ClientFrame {
    }

    record LeaveRoom() implements ClientFrame {
    }

    /**
     * {@code attachments}: ids of the sender's uploads to the room (files feature), then content may be left out;
     * {@code replyTo}: the message of the room this one answers, or null.
     */
    record SendMessage(String clientMsgId, String content, java.util.List<Long> attachments, Long replyTo)
            implements ClientFrame {

        public SendMessage(String clientMsgId, String content) {
            this(clientMsgId, content, java.util.List.of(), null);
        }
    }

    record BanUser(long userId, String reason, Double minutes) implements ClientFrame {
    }

    record UnbanUser(long userId) implements ClientFrame {
    }

    record KickUser(long userId, String reason) implements ClientFrame {
    }

    record MuteUser(long userId, String reason, Double minutes) implements ClientFrame {
    }

    record UnmuteUser(long userId) implements ClientFrame {
    }

    record DeleteRoom() implements ClientFrame {
    }

    record DeleteMessage(long id) implements ClientFrame {
    }

    /** The author's new text for a message (issue 33). */
    record EditMessage(long id, String content) implements ClientFrame {
    }

    /** Adds the sender's emoji to a message of the room (issue 33). */
    record React(long messageId, String emoji) implements ClientFrame {
    }

    /** Takes the sender's emoji back. */
    record Unreact(long messageId, String emoji) implements ClientFrame {
    }

    /** The client has read the room up to this message (issue 33): its read marker moves forward. */
    record Read(long lastReadId) implements ClientFrame {
    }

    record Typing() implements ClientFrame {
    }

    record Resume(long afterId) implements ClientFrame {
    }

    // ---- voice (the voice feature owns what they mean; see dev.suda.voice) ----

    record VoiceJoin() implements ClientFrame {
    }

    record VoiceLeave() implements ClientFrame {
    }

    /** An offer, answer or ICE candidate for one participant; {@code data} is passed on unread but for its size. */
    record VoiceSignal(long to, jakarta.json.JsonObject data) implements ClientFrame {
    }

    /** An owner or admin server-mutes (or unmutes) a speaker in voice. */
    record VoiceMute(long userId, boolean muted) implements ClientFrame {
    }
}
