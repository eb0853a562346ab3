package dev.suda.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramesTest {

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static FrameException refused(String text) {
        return assertThrows(FrameException.class, () -> Frames.decode(text));
    }

    @Test
    void everyClientFrameOfTheProtocolDecodes() {
        assertEquals(new ClientFrame.SendMessage("c-1", "안녕 👋"),
                Frames.decode("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-1\",\"content\":\"안녕 👋\"}"));
        assertEquals(new ClientFrame.SendMessage("c-2", "맞아요", java.util.List.of(), 41L),
                Frames.decode("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-2\",\"content\":\"맞아요\",\"replyTo\":41}"));
        assertEquals(new ClientFrame.EditMessage(41, "고쳤어요"),
                Frames.decode("{\"type\":\"editMessage\",\"id\":41,\"content\":\"고쳤어요\"}"));
        assertEquals(new ClientFrame.React(41, "👍"), Frames.decode("{\"type\":\"react\",\"messageId\":41,\"emoji\":\"👍\"}"));
        assertEquals(new ClientFrame.Unreact(41, "👍"), Frames.decode("{\"type\":\"unreact\",\"messageId\":41,\"emoji\":\"👍\"}"));
        assertEquals(new ClientFrame.BanUser(7, "spam", 1.5),
                Frames.decode("{\"type\":\"banUser\",\"userId\":7,\"reason\":\"spam\",\"minutes\":1.5}"));
        assertEquals(new ClientFrame.BanUser(7, null, null), Frames.decode("{\"type\":\"banUser\",\"userId\":7}"));
        assertEquals(new ClientFrame.UnbanUser(7), Frames.decode("{\"type\":\"unbanUser\",\"userId\":7}"));
        assertEquals(new ClientFrame.KickUser(7, "bye"), Frames.decode("{\"type\":\"kickUser\",\"userId\":7,\"reason\":\"bye\"}"));
        assertEquals(new ClientFrame.MuteUser(7, null, 10.0), Frames.decode("{\"type\":\"muteUser\",\"userId\":7,\"minutes\":10}"));
        assertEquals(new ClientFrame.UnmuteUser(7), Frames.decode("{\"type\":\"unmuteUser\",\"userId\":7}"));
        assertEquals(new ClientFrame.DeleteMessage(9), Frames.decode("{\"type\":\"deleteMessage\",\"id\":9}"));
        assertEquals(new ClientFrame.Resume(0), Frames.decode("{\"type\":\"resume\",\"afterId\":0}"));
        assertEquals(new ClientFrame.JoinRoom(), Frames.decode("{\"type\":\"joinRoom\"}"));
        assertEquals(new ClientFrame.LeaveRoom(), Frames.decode("{\"type\":\"leaveRoom\"}"));
        assertEquals(new ClientFrame.DeleteRoom(), Frames.decode("{\"type\":\"deleteRoom\"}"));
        assertEquals(new ClientFrame.Typing(), Frames.decode("{\"type\":\"typing\",\"extra\":true}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all                                   | bad_json",
            "{\"type\":                                        | bad_json",
            "[1,2,3]                                           | bad_frame",
            "\"sendMessage\"                                   | bad_frame",
            "{\"content\":\"no type\"}                         | missing_field",
            "{\"type\":\"dance\"}                              | unknown_type",
            "{\"type\":\"sendMessage\",\"clientMsgId\":\"c\"}  | missing_field",
            "{\"type\":\"sendMessage\",\"content\":7,\"clientMsgId\":\"c\"} | bad_field",
            "{\"type\":\"banUser\"}                            | missing_field",
            "{\"type\":\"banUser\",\"userId\":\"7\"}           | bad_field",
            "{\"type\":\"banUser\",\"userId\":-1}              | bad_field",
            "{\"type\":\"muteUser\",\"userId\":7,\"minutes\":0} | bad_field",
            "{\"type\":\"resume\",\"afterId\":1.5}             | bad_field",
    })
    void badFramesAreNamedByTheirProblem(String text, String code) {
        assertEquals(code, refused(text.strip()).code());
    }

    @Test
    void anErrorPointsBackToTheClientsMessageId() {
        assertEquals("c-9", refused("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-9\",\"content\":null}").ref());
        assertEquals("dance", refused("{\"type\":\"dance\"}").ref());
    }

    @Test
    void aFrameOverTheLimitIsRefusedUnread() {
        String huge = "{\"type\":\"sendMessage\",\"clientMsgId\":\"c\",\"content\":\"" + "가".repeat(Frames.MAX_FRAME_CHARS) + "\"}";
        assertEquals("too_long", refused(huge).code());
    }

    @Test
    void serverFramesAreJsonWithTheirTypeAndEscapeWhatTheyCarry() {
        JsonObject error = parse(Frames.error("muted", "You are muted \"until\" <later>", "c-1"));
        assertEquals("error", error.getString("type"));
        assertEquals("muted", error.getString("code"));
        assertEquals("You are muted \"until\" <later>", error.getString("message"));
        assertEquals("c-1", error.getString("ref"));
        assertEquals(false, error.containsKey("incident"), "a refusal names no incident");

        JsonObject fault = parse(Frames.error("internal", "Something went wrong on our side (ref 0a1b2c3d4e5f)",
                "c-2", "0a1b2c3d4e5f"));
        assertEquals("0a1b2c3d4e5f", fault.getString("incident"));
        assertEquals("c-2", fault.getString("ref"));

        JsonObject ack = parse(Frames.ack("c-\"1\"", 42));
        assertEquals("ack", ack.getString("type"));
        assertEquals("c-\"1\"", ack.getString("clientMsgId"));
        assertEquals(42, ack.getJsonNumber("id").longValue());
    }

    @Test
    void voiceFramesDecodeAndABadSignalIsRefusedByShape() {
        assertEquals(new ClientFrame.VoiceJoin(), Frames.decode("{\"type\":\"voiceJoin\"}"));
        assertEquals(new ClientFrame.VoiceLeave(), Frames.decode("{\"type\":\"voiceLeave\"}"));
        assertEquals(new ClientFrame.VoiceSignal(4, parse("{\"kind\":\"answer\",\"sdp\":\"v=0\"}")),
                Frames.decode("{\"type\":\"voiceSignal\",\"to\":4,\"data\":{\"kind\":\"answer\",\"sdp\":\"v=0\"}}"));
        assertEquals(new ClientFrame.VoiceMute(4, true), Frames.decode("{\"type\":\"voiceMute\",\"userId\":4,\"muted\":true}"));
        assertEquals("missing_field", refused("{\"type\":\"voiceSignal\",\"data\":{}}").code());
        assertEquals("bad_field", refused("{\"type\":\"voiceSignal\",\"to\":4,\"data\":\"v=0\"}").code());
        assertEquals("missing_field", refused("{\"type\":\"voiceSignal\",\"to\":4}").code());
        assertEquals("bad_field", refused("{\"type\":\"voiceMute\",\"userId\":4,\"muted\":\"yes\"}").code());
    }
}
