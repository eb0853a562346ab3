package dev.suda.voice.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VoiceFramesTest {

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void rosterListsParticipantsAndTheJoinersOwnPlace() {
        JsonObject roster = parse(VoiceFrames.roster(3, List.of(new Participant(1, "민수 👋", false, 10),
                new Participant(2, "bob", true, 11)), 8, 11L));
        assertEquals("voiceRoster", roster.getString("type"));
        assertEquals(11, roster.getInt("seq"));
        assertEquals(8, roster.getInt("max"));
        assertEquals("민수 👋", roster.getJsonArray("participants").getJsonObject(0).getString("display"));
        assertEquals(true, roster.getJsonArray("participants").getJsonObject(1).getBoolean("muted"));
        assertFalse(parse(VoiceFrames.roster(3, List.of(), 8, null)).containsKey("seq"), "a broadcast roster is nobody's own");
    }

    @Test
    void aSignalCarriesTheDataAsSent() {
        JsonObject data = Json.createObjectBuilder().add("kind", "offer").add("sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n").build();
        JsonObject frame = parse(VoiceFrames.signal(3, 7, data));
        assertEquals("voiceSignal", frame.getString("type"));
        assertEquals(7, frame.getInt("from"));
        assertEquals(data, frame.getJsonObject("data"));
    }

    @Test
    void aSeatSurvivesTheSharedState() {
        Seat seat = new Seat(5, "c-1", 9, "수다 (1.2)");
        assertEquals(Optional.of(seat), Seat.decode(Optional.of(seat.encode())));
        assertEquals(Optional.empty(), Seat.decode(Optional.empty()));
    }
}
