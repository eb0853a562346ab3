package dev.suda.bench.ceiling;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's ceiling: every text frame a socket sends is written to every socket of its room (the sender
 * too) with the blocking basic remote, Liberty's plain way. No authentication, no storage, no queue: what a
 * bare Liberty broadcast costs, against which Suda is measured.
 */
@ServerEndpoint("/ws/rooms/{roomId}")
public class Broadcast {

    private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();

    private String roomId;

    @OnOpen
    public void open(Session session, @PathParam("roomId") String roomId) {
        this.roomId = roomId;
        ROOMS.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    @OnMessage
    public void message(String text) {
        Set<Session> room = ROOMS.get(roomId);
        if (room == null) {
            return;
        }
        for (Session peer : room) {
            // A basic remote takes one writer at a time; senders of one room share its sockets.
            synchronized (peer) {
                try {
                    if (peer.isOpen()) {
                        peer.getBasicRemote().sendText(text);
                    }
                } catch (IOException | IllegalStateException e) {
                    room.remove(peer);
                }
            }
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        Set<Session> room = ROOMS.get(roomId);
        if (room != null) {
            room.remove(session);
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // a reset socket: nothing to report in a benchmark
    }
}
