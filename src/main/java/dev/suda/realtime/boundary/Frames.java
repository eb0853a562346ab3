package dev.suda.realtime.boundary;

import dev.suda.messages.control.MessageEdited;
import dev.suda.platform.JsonText;
import dev.suda.reactions.control.ReactionsChanged;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;

/** The codec of the room socket: JSON text to {@link ClientFrame}, and the server's small frames to JSON text. */
public final class Frames {

    /** A frame longer than this is refused unread; 2,000 characters of escaped emoji fit well within it. */
    public static final int MAX_FRAME_CHARS = 32 * 1024;

    private Frames() {
    }

    public static ClientFrame decode(String text) {
        if (text.length() > MAX_FRAME_CHARS) {
            throw new FrameException("too_long", "A frame may be at most " + MAX_FRAME_CHARS + " characters", null);
        }
        JsonObject json;
        try (JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                throw new FrameException("bad_frame", "A frame is a JSON object with a type", null);
            }
            json = object;
        } catch (JsonException e) {
            throw new FrameException("bad_json", "The frame is not valid JSON", null);
        }
        String type = json.get("type") instanceof JsonString s ? s.getString() : null;
        if (type == null) {
            throw new FrameException("missing_field", "The frame has no type", null);
        }
        return switch (type) {
            case "joinRoom" -> new ClientFrame.JoinRoom();
            case "leaveRoom" -> new ClientFrame.LeaveRoom();
            case "sendMessage" -> new ClientFrame.SendMessage(text(json, "clientMsgId", type, true),
                    text(json, "content", type, !json.containsKey("attachments")), ids(json, "attachments", type),
                    optionalId(json, "replyTo", type));
            case "banUser" -> new ClientFrame.BanUser(id(json, "userId", type), text(json, "reason", type, false),
                    decimal(json, "minutes", type));
            case "unbanUser" -> new ClientFrame.UnbanUser(id(json, "userId", type));
            case "kickUser" -> new ClientFrame.KickUser(id(json, "userId", type), text(json, "reason", type, false));
            case "muteUser" -> new ClientFrame.MuteUser(id(json, "userId", type), text(json, "reason", type, false),
                    decimal(json, "minutes", type));
            case "unmuteUser" -> new ClientFrame.UnmuteUser(id(json, "userId", type));
            case "deleteRoom" -> new ClientFrame.DeleteRoom();
            case "deleteMessage" -> new ClientFrame.DeleteMessage(id(json, "id", type));
            case "typing" -> new ClientFrame.Typing();
            case "read" -> new ClientFrame.Read(id(json, "lastReadId", type));
            case "editMessage" -> new ClientFrame.EditMessage(id(json, "id", type), text(json, "content", type, true));
            case "react" -> new ClientFrame.React(id(json, "messageId", type), text(json, "emoji", type, true));
            case "unreact" -> new ClientFrame.Unreact(id(json, "messageId", type), text(json, "emoji", type, true));
            case "resume" -> new ClientFrame.Resume(id(json, "afterId", type));
            case "voiceJoin" -> new ClientFrame.VoiceJoin();
            case "voiceLeave" -> new ClientFrame.VoiceLeave();
            case "voiceSignal" -> new ClientFrame.VoiceSignal(id(json, "to", type), object(json, "data", type));
            case "voiceMute" -> new ClientFrame.VoiceMute(id(json, "userId", type), flag(json, "muted", type));
            default -> throw new FrameException("unknown_type", "Unknown frame type: " + type, type);
        };
    }

    private static String text(JsonObject json, String field, String type, boolean required) {
        JsonValue value = json.get(field);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new FrameException("missing_field", type + " needs " + field, ref(json, type));
            }
            return null;
        }
        throw new FrameException("bad_field", field + " must be a string", ref(json, type));
    }

    private static long id(JsonObject json, String field, String type) {
        if (json.get(field) instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0) {
            return n.longValue();
        }
        throw new FrameException(json.containsKey(field) ? "bad_field" : "missing_field",
                type + " needs " + field + " as a whole number", ref(json, type));
    }

    /** An optional list of whole numbers (at most 10 read: more is refused by whoever checks the list). */
    private static java.util.List<Long> ids(JsonObject json, String field, String type) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return java.util.List.of();
        }
        if (value instanceof jakarta.json.JsonArray array && array.size() <= 100 && array.stream()
                .allMatch(v -> v instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0)) {
            return array.stream().map(v -> ((JsonNumber) v).longValue()).toList();
        }
        throw new FrameException("bad_field", field + " must be a list of ids", ref(json, type));
    }

    private static Long optionalId(JsonObject json, String field, String type) {
        JsonValue value = json.get(field);
        return value == null || value == JsonValue.NULL ? null : id(json, field, type);
    }

    private static Double decimal(JsonObject json, String field, String type) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber n && n.doubleValue() > 0) {
            return n.doubleValue();
        }
        throw new FrameException("bad_field", field + " must be a positive number", ref(json, type));
    }

    private static JsonObject object(JsonObject json, String field, String type) {
        if (json.get(field) instanceof JsonObject object) {
            return object;
        }
        throw new FrameException(json.containsKey(field) ? "bad_field" : "missing_field",
                type + " needs " + field + " as a JSON object", ref(json, type));
    }

    private static boolean flag(JsonObject json, String field, String type) {
        JsonValue value = json.get(field);
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw new FrameException(value == null ? "missing_field" : "bad_field",
                type + " needs " + field + " as true or false", ref(json, type));
    }

    /** What an error frame points back to: the client's message id when there is one, else the frame type. */
    private static String ref(JsonObject json, String type) {
        return json.get("clientMsgId") instanceof JsonString s ? s.getString() : type;
    }

    public static String error(String code, String message, String ref) {
        return error(code, message, ref, null);
    }

    /** An error frame; {@code incident} names a server fault's log entry (see Incidents), null for a refusal. */
    public static String error(String code, String message, String ref, String incident) {
        return error(code, message, ref, incident, null);
    }

    /**
     * An error frame for a refusal that ends by itself ({@code until}, a mute or ban for a time, as ISO-8601 UTC): the
     * page shows the time from this field in its reader's zone; the message keeps the old text for old clients.
     */
    public static String error(String code, String message, String ref, String incident, java.time.Instant until) {
        return write(g -> {
            g.write("type", "error").write("code", code).write("message", message);
            if (ref != null) {
                g.write("ref", ref);
            } else {
                g.writeNull("ref");
            }
            if (incident != null) {
                g.write("incident", incident);
            }
            if (until != null) {
                g.write("until", until.toString());
            }
        });
    }

    public static String ack(String clientMsgId, long id) {
        return write(g -> g.write("type", "ack").write("clientMsgId", clientMsgId).write("id", id));
    }

    public static String presence(long roomId, int online) {
        return write(g -> g.write("type", "presence").write("roomId", roomId).write("online", online));
    }

    public static String typing(long roomId, long userId, String display) {
        return write(g -> g.write("type", "typing").write("roomId", roomId).write("userId", userId).write("display", display));
    }

    public static String system(long roomId, String kind, String text, long userId) {
        return system(roomId, kind, text, userId, null, null, null);
    }

    /**
     * A notice to the room (SPEC §5 {@code system {kind, text, userId}}), with what its text says as data: {@code display}
     * (whom it is about), {@code reason} and {@code until} (ISO-8601 UTC) when there are any. Pages build their own line
     * from these, in their reader's language and time zone; {@code text} stays for clients that only show it.
     */
    public static String system(long roomId, String kind, String text, long userId, String display, String reason,
                                java.time.Instant until) {
        return write(g -> {
            g.write("type", "system").write("roomId", roomId).write("kind", kind).write("text", text).write("userId", userId);
            if (display != null) {
                g.write("display", display);
            }
            if (reason != null) {
                g.write("reason", reason);
            }
            if (until != null) {
                g.write("until", until.toString());
            }
        });
    }

    public static String messageDeleted(long roomId, long id) {
        return write(g -> g.write("type", "messageDeleted").write("roomId", roomId).write("id", id));
    }

    public static String messageEdited(MessageEdited edit) {
        return write(g -> {
            g.write("type", "messageEdited").write("roomId", edit.roomId()).write("id", edit.messageId())
                    .write("content", edit.content()).write("editedAt", edit.editedAt().toString()).writeStartArray("mentions");
            edit.mentions().forEach(id -> g.write(id.longValue()));
            g.writeEnd();
        });
    }

    /** A message's reaction counts after one user's change ({@code userId}, {@code emoji}, {@code reacted}). */
    public static String reactions(ReactionsChanged change) {
        return write(g -> {
            g.write("type", "reactions").write("roomId", change.roomId()).write("messageId", change.messageId())
                    .writeStartArray("counts");
            change.counts().forEach(c -> g.writeStartObject().write("emoji", c.emoji()).write("count", c.count()).writeEnd());
            g.writeEnd().write("userId", change.userId()).write("emoji", change.emoji()).write("reacted", change.reacted());
        });
    }

    /** The user's read marker in a room moved (from any of its tabs or clients): to each of its sockets. */
    public static String readUpTo(long roomId, long lastReadId) {
        return write(g -> g.write("type", "readUpTo").write("roomId", roomId).write("lastReadId", lastReadId));
    }

    public static String roomDeleted(long roomId) {
        return write(g -> g.write("type", "roomDeleted").write("roomId", roomId));
    }

    /** banned / kicked / muted, to the one it concerns. */
    public static String sanction(String type, long roomId, String reason, String until) {
        return write(g -> {
            g.write("type", type).write("roomId", roomId);
            if (reason != null) {
                g.write("reason", reason);
            }
            if (until != null) {
                g.write("until", until);
            } else {
                g.writeNull("until");
            }
        });
    }

    private static String write(java.util.function.Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator generator = JsonText.PROVIDER.createGenerator(out)) {
            generator.writeStartObject();
            body.accept(generator);
            generator.writeEnd();
        }
        return out.toString();
    }
}
