package dev.suda.voice.control;

import dev.suda.platform.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Optional;

/** A place in a room's voice channel as the shared state keeps it: whose, held by which socket, and when it joined. */
record Seat(long userId, String connectionId, long seq, String display) {

    String encode() {
        return JsonText.PROVIDER.createObjectBuilder().add("u", userId).add("c", connectionId).add("s", seq)
                .add("d", display).build().toString();
    }

    static Optional<Seat> decode(Optional<String> text) {
        return text.map(t -> {
            try (JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(t))) {
                JsonObject json = reader.readObject();
                return new Seat(json.getJsonNumber("u").longValue(), json.getString("c"),
                        json.getJsonNumber("s").longValue(), json.getString("d"));
            }
        });
    }
}
