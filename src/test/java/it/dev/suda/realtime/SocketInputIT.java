package it.dev.suda.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import it.dev.suda.Api;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the room socket does with input no client of ours sends: binary frames, text that is not UTF-8, and a long
 * run of malformed frames, over a raw RFC 6455 client on 127.0.0.1 (the JDK's client cannot send the first two).
 */
class SocketInputIT {

    private static final Set<String> MALFORMED_CODES = Set.of("bad_json", "unknown_type", "missing_field", "unsupported",
            "bad_frame", "bad_field");

    private Api.Session owner;
    private long roomId;

    @BeforeEach
    void room() {
        owner = Api.member();
        Api.Reply created = Api.post("/api/rooms", owner.token(),
                Json.createObjectBuilder().add("name", Api.unique("input")).build());
        assertEquals(201, created.status(), created.toString());
        roomId = created.json().getJsonNumber("id").longValue();
    }

    private RawSocket open() throws IOException {
        RawSocket raw = RawSocket.open(Api.BASE, "/ws/rooms/" + roomId, owner.token(), Api.ADDRESS);
        awaitJson(raw, f -> "presence".equals(f.getString("type", "")));
        return raw;
    }

    @Test
    void aBinaryFrameIsAnsweredWithUnsupportedAndTheSocketStaysOpen() throws IOException {
        try (RawSocket raw = open()) {
            raw.send(RawSocket.BINARY, new byte[] {0, 1, 2, (byte) 0xFF});
            JsonObject error = awaitJson(raw, f -> "error".equals(f.getString("type", "")));
            assertEquals("unsupported", error.getString("code"));

            raw.sendText(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", "after-binary")
                    .add("content", "still here 수다").build().toString());
            JsonObject ack = awaitJson(raw, f -> "ack".equals(f.getString("type", "")));
            assertEquals("after-binary", ack.getString("clientMsgId"));
        }
    }

    @Test
    void aTextFrameThatIsNotUtf8ClosesTheSocketWith1007() throws IOException {
        try (RawSocket raw = open()) {
            // 0xC3 starts a two-byte sequence; '(' cannot continue it
            raw.send(RawSocket.TEXT, new byte[] {'{', '"', (byte) 0xC3, '(', '"', '}'});
            RawSocket.Frame close = awaitClose(raw);
            assertEquals(1007, close.closeCode(), "close reason: " + close.text());
            raw.answerClose(close);
        }
    }

    @Test
    void tenThousandMalformedFramesLeaveTheHeapFlat() throws IOException {
        try (RawSocket raw = open()) {
            sendMalformed(raw, 1_000); // the first ones warm the code paths and their buffers up
            long before = heapAfterGc();
            Map<String, Integer> codes = sendMalformed(raw, 10_000);
            long after = heapAfterGc();
            System.out.printf("SocketInputIT: heap after GC %.1f MB before 10,000 malformed frames, %.1f MB after"
                    + " (%+d KB); error codes %s%n", before / 1e6, after / 1e6, (after - before) / 1024, codes);

            assertEquals(10_000, codes.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(after - before < 2 * 1024 * 1024,
                    "heap after GC grew by " + (after - before) / 1024 + " KB over 10,000 malformed frames");
            raw.sendText("{\"type\":\"joinRoom\"}");
            awaitJson(raw, f -> "presence".equals(f.getString("type", "")));
        }
    }

    /** Sends {@code count} malformed frames of six kinds, at most 64 unanswered; returns how often each code came back. */
    private static Map<String, Integer> sendMalformed(RawSocket raw, int count) throws IOException {
        Map<String, Integer> codes = new TreeMap<>();
        int sent = 0;
        int answered = 0;
        while (answered < count) {
            while (sent < count && sent - answered < 64) {
                sendMalformedFrame(raw, sent++);
            }
            JsonObject frame = nextJson(raw);
            if ("error".equals(frame.getString("type", ""))) {
                String code = frame.getString("code");
                assertTrue(MALFORMED_CODES.contains(code), "unexpected error " + frame);
                codes.merge(code, 1, Integer::sum);
                answered++;
            }
        }
        return codes;
    }

    private static void sendMalformedFrame(RawSocket raw, int i) throws IOException {
        switch (i % 6) {
            case 0 -> raw.sendText("{\"type\":\"sendMessage\",\"content\":" + i);
            case 1 -> raw.sendText("{\"type\":\"noSuchFrame" + i + "\"}");
            case 2 -> raw.sendText("{\"type\":\"sendMessage\",\"content\":\"no client id " + i + "\"}");
            case 3 -> raw.send(RawSocket.BINARY, ("binary " + i).getBytes(StandardCharsets.UTF_8));
            case 4 -> raw.sendText("[" + i + "]");
            default -> raw.sendText("{\"type\":\"deleteMessage\",\"id\":\"" + i + "\"}");
        }
    }

    private static JsonObject nextJson(RawSocket raw) throws IOException {
        while (true) {
            RawSocket.Frame frame = raw.next();
            if (frame.opcode() == RawSocket.CLOSE) {
                fail("the server closed the socket: " + frame.closeCode() + " " + frame.text());
            }
            if (frame.opcode() == RawSocket.TEXT) {
                try (var reader = Json.createReader(new StringReader(frame.text()))) {
                    return reader.readObject();
                }
            }
        }
    }

    private static JsonObject awaitJson(RawSocket raw, Predicate<JsonObject> match) throws IOException {
        for (int seen = 0; seen < 1_000; seen++) {
            JsonObject frame = nextJson(raw);
            if (match.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame among 1,000");
    }

    private static RawSocket.Frame awaitClose(RawSocket raw) throws IOException {
        try {
            for (int seen = 0; seen < 1_000; seen++) {
                RawSocket.Frame frame = raw.next();
                if (frame.opcode() == RawSocket.CLOSE) {
                    return frame;
                }
            }
        } catch (EOFException ended) {
            throw new AssertionError("the connection ended without a close frame", ended);
        }
        throw new AssertionError("no close frame among 1,000");
    }

    /** The server's heap in use after full collections, from the test hooks the build turns on. */
    static long heapAfterGc() {
        Api.Reply heap = Api.get("/api/test-hooks/heap", null);
        assertEquals(200, heap.status(), "the test server must run with TEST_HOOKS=true (the build sets it): " + heap);
        return heap.json().getJsonNumber("usedAfterGcBytes").longValue();
    }
}
