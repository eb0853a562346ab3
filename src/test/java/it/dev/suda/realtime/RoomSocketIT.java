package it.dev.suda.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoomSocketIT {

    @Test
    void handshakesWithoutAValidTokenOrForAMissingRoomAreRefused() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        assertEquals(401, assertThrows(Sock.Refused.class, () -> Sock.open(roomId, null)).status);
        assertEquals(401, assertThrows(Sock.Refused.class, () -> Sock.open(roomId, "forged.token.here")).status);
        assertEquals(404, assertThrows(Sock.Refused.class, () -> Sock.open(987654321L, owner.token())).status);
        assertEquals(403, assertThrows(Sock.Refused.class,
                () -> Sock.open(Api.BASE, roomId, owner.token(), null, "https://evil.example")).status);

        Api.Session leaving = Api.member();
        Api.post("/api/auth/logout", leaving.token(), null);
        assertEquals(401, assertThrows(Sock.Refused.class, () -> Sock.open(roomId, leaving.token())).status);
    }

    @Test
    void aSocketLeavesNoHttpSessionBehind() throws Exception {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        URI base = URI.create(Api.BASE);
        // by hand: the JDK's WebSocket client does not show the handshake's response headers
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String upgrade = "GET /ws/rooms/" + roomId + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: Bearer " + owner.token() + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                    + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            String head = responseHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("set-cookie"), head);
        }
        // and the socket still works
        try (Sock sock = Sock.open(roomId, owner.token())) {
            assertEquals(1, sock.awaitType("presence").getInt("online"));
        }
    }

    private static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void aBrowserTicketOpensOneSocketOnce() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        String ticket = Api.post("/api/auth/ticket", owner.token(), null).json().getString("ticket");
        try (Sock sock = Sock.open(Api.BASE, roomId, null, "ticket=" + ticket, Api.BASE)) {
            assertEquals(1, sock.awaitType("presence").getInt("online"));
        }
        assertEquals(401, assertThrows(Sock.Refused.class,
                () -> Sock.open(Api.BASE, roomId, null, "ticket=" + ticket)).status);
    }

    @Test
    void aMessageIsAcknowledgedAfterCommitAndReachesEveryoneOnce() {
        Api.Session owner = Api.member();
        Api.Session guest = Api.guest("손님");
        long roomId = Chat.roomId(owner);
        try (Sock a = Sock.joined(roomId, owner.token()); Sock b = Sock.joined(roomId, guest.token())) {
            a.sendMessage("c-1", "안녕하세요 👋 <b>hi</b>");
            JsonObject ack = a.awaitType("ack");
            assertEquals("c-1", ack.getString("clientMsgId"));
            long id = ack.getJsonNumber("id").longValue();
            JsonObject seenByB = b.await(f -> Sock.isType(f, "message") && "USER".equals(f.getString("kind")), 10);
            assertEquals(id, seenByB.getJsonNumber("id").longValue());
            assertEquals("안녕하세요 👋 <b>hi</b>", seenByB.getString("content"));
            assertEquals(owner.display(), seenByB.getJsonObject("sender").getString("display"));
            assertEquals("OWNER", seenByB.getJsonObject("sender").getString("role"));

            a.sendMessage("c-1", "안녕하세요 👋 <b>hi</b>");
            assertEquals(id, a.awaitType("ack").getJsonNumber("id").longValue(), "a resend gets the same ack");
            a.sendMessage("c-2", "after the resend");
            JsonObject next = b.await(f -> Sock.isType(f, "message") && "USER".equals(f.getString("kind")), 10);
            assertEquals("after the resend", next.getString("content"), "the resend was not delivered again");
            assertEquals(2, Chat.contents(owner, roomId).stream().filter(c -> !c.endsWith(" joined")).count());
        }
    }

    @Test
    void socketsOfANewcomerOpeningAtOnceAllWork() throws Exception {
        Api.Session owner = Api.member();
        Api.Session newcomer = Api.member();
        long roomId = Chat.roomId(owner);
        // Each opening socket joins the room: racing joins of one user must make one membership, not a broken socket.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Sock> socks = new ArrayList<>();
        try {
            List<Future<Sock>> opening = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opening.add(pool.submit(() -> Sock.open(roomId, newcomer.token())));
            }
            for (Future<Sock> open : opening) {
                socks.add(open.get(20, TimeUnit.SECONDS));
            }
            for (int i = 0; i < socks.size(); i++) {
                socks.get(i).sendMessage("at-once-" + i, "socket " + i);
                assertEquals("at-once-" + i, socks.get(i).awaitType("ack").getString("clientMsgId"), "socket " + i + " works");
            }
        } finally {
            socks.forEach(Sock::close);
            pool.shutdown();
        }
        long memberships = Api.get("/api/room-users/" + roomId, owner.token()).array().getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getJsonNumber("userId").longValue() == newcomer.id()).count();
        assertEquals(1, memberships, "one membership for the newcomer");
    }

    @Test
    void theRoomSaysOnceThatSomeoneJoinedAndLeft() {
        Api.Session owner = Api.member();
        Api.Session visitor = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.member(visitor, roomId);
        try (Sock first = Sock.joined(roomId, visitor.token())) {
            first.sendMessage("hello", "hello");
            first.awaitType("ack");
        }
        awaitNewest(owner, roomId, visitor.display() + " left");
        try (Sock again = Sock.joined(roomId, visitor.token())) {
            again.sendMessage("back", "back");
            again.awaitType("ack");
        }
        awaitNewest(owner, roomId, visitor.display() + " left");
        List<String> about = Chat.contents(owner, roomId).stream()
                .filter(c -> c.startsWith(visitor.display() + " ") || c.equals("hello") || c.equals("back")).toList();
        assertEquals(List.of(visitor.display() + " left", "back", visitor.display() + " joined",
                visitor.display() + " left", "hello", visitor.display() + " joined"), about,
                "a REST join followed by a socket is one join; a later socket after leaving is a new one");
    }

    private static void awaitNewest(Api.Session reader, long roomId, String content) {
        // "left" is said once the grace period (PRESENCE_LEAVE_GRACE_SECONDS, 10 s) has passed
        for (int i = 0; i < 400 && !Chat.contents(reader, roomId).get(0).equals(content); i++) {
            Chat.sleep(100);
        }
        assertEquals(content, Chat.contents(reader, roomId).get(0));
    }

    @Test
    void badFramesGetAnErrorAndTheSocketStaysOpen() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock sock = Sock.joined(roomId, owner.token())) {
            sock.send("not json");
            assertEquals("bad_json", sock.awaitType("error").getString("code"));
            sock.send("{\"type\":\"dance\"}");
            assertEquals("unknown_type", sock.awaitType("error").getString("code"));
            sock.send("{\"type\":\"sendMessage\",\"clientMsgId\":\"x\"}");
            JsonObject missing = sock.awaitType("error");
            assertEquals("missing_field", missing.getString("code"));
            assertEquals("x", missing.getString("ref"));
            sock.sendMessage("long", "가".repeat(2001));
            JsonObject tooLong = sock.awaitType("error");
            assertEquals("long", tooLong.getString("ref"));
            sock.sendMessage("ok", "가".repeat(2000));
            assertEquals("ok", sock.awaitType("ack").getString("clientMsgId"));
            assertFalse(sock.isClosed());
        }
    }

    @Test
    void floodingIsThrottledAndTheExcessIsNotStored() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock sock = Sock.joined(roomId, owner.token())) {
            for (int i = 0; i < 30; i++) {
                sock.sendMessage("f-" + i, "flood " + i);
            }
            List<JsonObject> acks = sock.collect("ack", 30, 5);
            List<JsonObject> errors = sock.seen().stream().filter(f -> Sock.isType(f, "error")).toList();
            assertTrue(errors.stream().anyMatch(e -> "rate_limited".equals(e.getString("code"))), errors.toString());
            assertEquals(30, acks.size() + errors.size());
            long stored = Chat.contents(owner, roomId).stream().filter(c -> c.startsWith("flood ")).count();
            assertEquals(acks.size(), stored, "exactly the acknowledged messages are stored");
        }
    }

    @Test
    void presenceAndTypingReachTheOthers() {
        Api.Session owner = Api.member();
        Api.Session other = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock a = Sock.joined(roomId, owner.token()); Sock b = Sock.joined(roomId, other.token())) {
            assertEquals(2, a.await(f -> Sock.isType(f, "presence") && f.getInt("online") == 2, 10).getInt("online"));
            b.send("{\"type\":\"typing\"}");
            JsonObject typing = a.awaitType("typing");
            assertEquals(other.id(), typing.getJsonNumber("userId").longValue());
            JsonObject listed = Api.get("/api/rooms/" + roomId, owner.token()).json();
            assertEquals(2, listed.getInt("onlineCount"));
        }
    }

    @Test
    void deletingAMessageOrTheRoomReachesEveryone() {
        Api.Session owner = Api.member();
        Api.Session other = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock a = Sock.joined(roomId, owner.token()); Sock b = Sock.joined(roomId, other.token())) {
            b.sendMessage("d-1", "delete me");
            long id = b.awaitType("ack").getJsonNumber("id").longValue();
            a.send(Json.createObjectBuilder().add("type", "deleteMessage").add("id", id).build());
            assertEquals(id, b.awaitType("messageDeleted").getJsonNumber("id").longValue());

            b.send("{\"type\":\"deleteRoom\"}");
            assertEquals("deleteRoom", b.awaitType("error").getString("ref"), "a member may not delete the room");
            assertEquals(200, Api.get("/api/rooms/" + roomId, owner.token()).status());
            a.send("{\"type\":\"deleteRoom\"}");
            b.awaitType("roomDeleted");
            a.awaitType("roomDeleted");
            assertTrue(b.awaitClose(10).startsWith("1001"));
            assertEquals(404, Api.get("/api/rooms/" + roomId, owner.token()).status());
        }
    }
}
