package it.dev.suda;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A room socket as a client opens it, with the JDK's WebSocket client; it keeps every frame it receives. */
public final class Sock implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** A handshake the server refused, with the HTTP status it gave. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status) {
            super("handshake refused with " + status);
            this.status = status;
        }
    }

    public static Sock open(String base, long roomId, String token, String query) {
        return open(base, roomId, token, query, null);
    }

    public static Sock open(long roomId, String token) {
        return open(Api.BASE, roomId, token, null, null);
    }

    public static Sock open(String base, long roomId, String token, String query, String origin) {
        Sock sock = new Sock();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        builder.header("X-Forwarded-For", Api.ADDRESS);
        String url = base.replaceFirst("^http", "ws") + "/ws/rooms/" + roomId + (query == null ? "" : "?" + query);
        try {
            sock.socket = builder.buildAsync(URI.create(url), sock).get(15, TimeUnit.SECONDS);
            return sock;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(refused.getResponse().statusCode());
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a server frame is of the given type. */
    public static boolean isType(JsonObject frame, String type) {
        return type.equals(frame.getString("type", ""));
    }

    /** Opens and waits for the first presence frame, so the socket is registered in its room. */
    public static Sock joined(long roomId, String token) {
        Sock sock = open(roomId, token);
        sock.await(f -> isType(f, "presence"), 10);
        return sock;
    }

    public Sock send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public Sock send(JsonObject frame) {
        return send(frame.toString());
    }

    public Sock sendMessage(String clientMsgId, String content) {
        return send(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", clientMsgId)
                .add("content", content).build());
    }

    /** The next frame that matches, waiting up to the given seconds; frames before it are kept in {@link #seen()}. */
    public JsonObject await(Predicate<JsonObject> match, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (seen) {
            for (JsonObject frame : seen) {
                if (match.test(frame)) {
                    seen.remove(frame);
                    return frame;
                }
            }
        }
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + seconds + " s; seen: " + seen());
                }
                if (match.test(frame)) {
                    return frame;
                }
                synchronized (seen) {
                    seen.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonObject awaitType(String type) {
        return await(f -> isType(f, type), 10);
    }

    /** Frames of a type that arrive within the given time, in order of arrival. */
    public List<JsonObject> collect(String type, int count, int seconds) {
        List<JsonObject> frames = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (frames.size() < count && System.nanoTime() < deadline) {
            try {
                frames.add(await(f -> isType(f, type),
                        (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()))));
            } catch (AssertionError timeUp) {
                break;
            }
        }
        return frames;
    }

    public List<JsonObject> seen() {
        synchronized (seen) {
            List<JsonObject> all = new ArrayList<>(seen);
            inbox.drainTo(all);
            return all;
        }
    }

    /** The close reason the server gave, waiting up to the given seconds. */
    public String awaitClose(int seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError("socket not closed within " + seconds + " s");
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void drop() {
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                inbox.add(reader.readObject());
            }
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }
}
