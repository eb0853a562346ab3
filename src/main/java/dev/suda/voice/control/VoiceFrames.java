package dev.suda.voice.control;

import dev.suda.platform.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;

/** The frames the server sends about voice, as JSON text. */
public final class VoiceFrames {

    private VoiceFrames() {
    }

    /**
     * Who is in the room's voice channel, oldest join first. {@code yourSeq} is set only in the answer to a
     * {@code voiceJoin}: the joiner's own place, by which it tells its own session from an older one.
     */
    public static String roster(long roomId, List<Participant> participants, int max, Long yourSeq) {
        return write(g -> {
            g.write("type", "voiceRoster").write("roomId", roomId).write("max", max);
            if (yourSeq != null) {
                g.write("seq", yourSeq);
            }
            g.writeStartArray("participants");
            for (Participant p : participants) {
                g.writeStartObject();
                participant(g, p);
                g.writeEnd();
            }
            g.writeEnd();
        });
    }

    public static String joined(long roomId, Participant participant) {
        return write(g -> {
            g.write("type", "voiceJoined").write("roomId", roomId);
            participant(g, participant);
        });
    }

    public static String left(long roomId, long userId, long seq, String why) {
        return write(g -> g.write("type", "voiceLeft").write("roomId", roomId).write("userId", userId)
                .write("seq", seq).write("reason", why));
    }

    public static String signal(long roomId, long from, JsonObject data) {
        return write(g -> g.write("type", "voiceSignal").write("roomId", roomId).write("from", from).write("data", data));
    }

    private static void participant(JsonGenerator g, Participant p) {
        g.write("userId", p.userId()).write("display", p.display()).write("muted", p.muted()).write("seq", p.seq());
    }

    private static String write(Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator generator = JsonText.PROVIDER.createGenerator(out)) {
            generator.writeStartObject();
            body.accept(generator);
            generator.writeEnd();
        }
        return out.toString();
    }
}
