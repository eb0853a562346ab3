package dev.suda.voice.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.platform.LocalSharedState;
import dev.suda.realtime.control.Fanout;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What happens to places in voice that a node left behind, on the in-process store. */
class VoiceChannelTest {

    private final LocalSharedState state = new LocalSharedState();
    private final List<String> published = new ArrayList<>();
    private final VoiceChannel voice = new VoiceChannel();

    VoiceChannelTest() {
        voice.state = state;
        voice.fanout = new Fanout() {
            @Override
            public void publishToRoom(long roomId, String frame) {
                published.add(frame);
            }
        };
        voice.maxParticipants = 8;
        voice.seatTtlSeconds = 30;
    }

    private void seat(long roomId, long userId, long seq, Duration ttl) {
        state.put(VoiceChannel.seatKey(roomId, userId), new Seat(userId, "socket-" + userId, seq, "user " + userId).encode(), ttl);
        state.addMember(VoiceChannel.membersKey(roomId), Long.toString(userId), Duration.ofSeconds(30));
    }

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void aPlaceWhoseNodeStoppedRenewingItLapsesAndTheSweepTellsTheRoom() throws InterruptedException {
        seat(5, 1, 10, Duration.ofSeconds(30));
        seat(5, 2, 11, Duration.ofMillis(40));   // its node crashed: nobody renews it
        Thread.sleep(80);

        assertEquals(List.of(1L), voice.roster(5).stream().map(Participant::userId).toList(), "a lapsed place is not listed");
        voice.sweep(5);

        assertEquals(Set.of("1"), state.members(VoiceChannel.membersKey(5)), "the lapsed member is gone, so it no longer counts");
        assertEquals(1, published.size());
        JsonObject roster = parse(published.get(0));
        assertEquals("voiceRoster", roster.getString("type"));
        assertEquals(1, roster.getJsonArray("participants").size());
        assertEquals(1, roster.getJsonArray("participants").getJsonObject(0).getInt("userId"));
    }

    @Test
    void aSweepOfLivePlacesChangesNothingAndSaysNothing() {
        seat(6, 1, 10, Duration.ofSeconds(30));
        seat(6, 2, 11, Duration.ofSeconds(30));
        voice.sweep(6);
        assertEquals(Set.of("1", "2"), state.members(VoiceChannel.membersKey(6)));
        assertTrue(published.isEmpty());
    }
}
