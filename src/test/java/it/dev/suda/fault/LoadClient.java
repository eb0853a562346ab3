package it.dev.suda.fault;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A chat client under steady, bounded load, as a well-behaved app is: it posts over its room socket with a
 * {@code clientMsgId}, keeps every post until its ack comes and sends it again with the same id after an error or
 * a reconnect, and when its socket drops it reconnects (to its own node, else the other) with {@code ?after=} the
 * last message it has. It records every message id it receives, so that the suite can compare them with the
 * database: each once, in id order, none missing.
 */
final class LoadClient {

    /** Posts waiting for their ack at the most; a client does not pile up more while a fault lasts. */
    private static final int WINDOW = 10;
    private static final long ACK_PATIENCE_MILLIS = 15_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final long userId;
    final String token;
    final long roomId;
    final int home;
    final long startAfter;
    private final List<String> bases;

    private static final class Pending {
        final String content;
        long retryAt;

        Pending(String content, long retryAt) {
            this.content = content;
            this.retryAt = retryAt;
        }
    }

    /** What a client counted; the suite subtracts two of them to report a phase. */
    record Counts(int sent, int resent, int acked, int copies, int resumes, int crossNodeResumes, int failedConnects,
                  Map<String, Integer> errors, Map<Integer, Integer> refusedHandshakes) {
    }

    // all below guarded by this
    private WebSocket socket;
    private int socketNode = -1;
    private int current;
    private int generation;
    private long nextConnectAt;
    private boolean everConnected;
    private boolean sending = true;
    private int sequence;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Long> acked = new LinkedHashMap<>();
    private final List<Long> received = new ArrayList<>();
    private long lastId;
    private final List<String> violations = new ArrayList<>();
    private int sent;
    private int resent;
    private int acks;
    private int resumes;
    private int crossNodeResumes;
    private int failedConnects;
    private final Map<String, Integer> errors = new TreeMap<>();
    private final Map<Integer, Integer> refused = new TreeMap<>();

    LoadClient(String name, long userId, String token, long roomId, List<String> bases, int home, long startAfter) {
        this.name = name;
        this.userId = userId;
        this.token = token;
        this.roomId = roomId;
        this.bases = bases;
        this.home = home;
        this.current = home;
        this.startAfter = startAfter;
        this.lastId = startAfter;
    }

    /** One step of the client, every few hundred milliseconds: connect if it must, resend what is due, post. */
    void tick() {
        long now = System.currentTimeMillis();
        WebSocket open;
        List<Map.Entry<String, String>> toSend = new ArrayList<>();
        synchronized (this) {
            open = socket;
            if (open == null) {
                if (now < nextConnectAt) {
                    return;
                }
            } else {
                for (Map.Entry<String, Pending> waiting : pending.entrySet()) {
                    if (waiting.getValue().retryAt <= now && toSend.size() < 5) {
                        waiting.getValue().retryAt = now + ACK_PATIENCE_MILLIS;
                        toSend.add(Map.entry(waiting.getKey(), waiting.getValue().content));
                        resent++;
                    }
                }
                if (sending && pending.size() < WINDOW) {
                    String clientMsgId = name + "-" + (++sequence);
                    String content = "fault " + clientMsgId + " 수다 ✓";
                    pending.put(clientMsgId, new Pending(content, now + ACK_PATIENCE_MILLIS));
                    toSend.add(Map.entry(clientMsgId, content));
                    sent++;
                }
            }
        }
        if (open == null) {
            connect();
            return;
        }
        for (Map.Entry<String, String> post : toSend) {
            String frame = Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", post.getKey())
                    .add("content", post.getValue()).build().toString();
            try {
                open.sendText(frame, true).get(5, TimeUnit.SECONDS);
            } catch (Exception failed) {
                // the socket is gone or stuck: drop it; what was not acknowledged goes again after the reconnect
                open.abort();
                lost(open);
                return;
            }
        }
    }

    private void connect() {
        int target;
        long after;
        int myGeneration;
        synchronized (this) {
            target = current;
            after = lastId;
            myGeneration = ++generation;
        }
        String url = bases.get(target).replaceFirst("^http", "ws") + "/ws/rooms/" + roomId + "?after=" + after;
        try {
            WebSocket opened = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(url), new Listener(myGeneration)).get(15, TimeUnit.SECONDS);
            synchronized (this) {
                if (myGeneration != generation) {
                    opened.abort();
                    return;
                }
                socket = opened;
                if (everConnected) {
                    resumes++;
                    if (socketNode != target) {
                        crossNodeResumes++;
                    }
                }
                everConnected = true;
                socketNode = target;
                // everything not yet acknowledged goes again, with the same clientMsgId
                pending.values().forEach(p -> p.retryAt = 0);
            }
            if (opened.isInputClosed()) {
                lost(opened);
            }
        } catch (ExecutionException e) {
            synchronized (this) {
                failedConnects++;
                if (e.getCause() instanceof WebSocketHandshakeException refusal) {
                    refused.merge(refusal.getResponse().statusCode(), 1, Integer::sum);
                }
                current = (current + 1) % bases.size();
                nextConnectAt = System.currentTimeMillis() + 500;
            }
        } catch (java.util.concurrent.TimeoutException e) {
            synchronized (this) {
                failedConnects++;
                current = (current + 1) % bases.size();
                nextConnectAt = System.currentTimeMillis() + 500;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Back to its own node: the socket closes and the next tick resumes there. */
    void goHome() {
        WebSocket leaving;
        synchronized (this) {
            if (socket == null || socketNode == home) {
                current = home;
                return;
            }
            leaving = socket;
            socket = null;
            generation++;
            current = home;
            nextConnectAt = 0;
        }
        leaving.sendClose(WebSocket.NORMAL_CLOSURE, "moving").orTimeout(5, TimeUnit.SECONDS)
                .whenComplete((ws, failure) -> leaving.abort());
    }

    void close() {
        WebSocket leaving;
        synchronized (this) {
            leaving = socket;
            socket = null;
            generation++;
            sending = false;
            nextConnectAt = Long.MAX_VALUE;
        }
        if (leaving != null) {
            leaving.abort();
        }
    }

    synchronized void sending(boolean on) {
        sending = on;
    }

    synchronized boolean isOpen() {
        return socket != null;
    }

    synchronized int node() {
        return socket == null ? -1 : socketNode;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized long lastId() {
        return lastId;
    }

    synchronized List<Long> received() {
        return List.copyOf(received);
    }

    synchronized Map<String, Long> acked() {
        return Map.copyOf(acked);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized Counts counts() {
        return new Counts(sent, resent, acks, received.size(), resumes, crossNodeResumes, failedConnects,
                Map.copyOf(errors), Map.copyOf(refused));
    }

    private synchronized void handle(int fromGeneration, JsonObject frame) {
        if (fromGeneration != generation) {
            return;
        }
        String type = frame.getString("type", "");
        switch (type) {
            case "message" -> {
                long id = frame.getJsonNumber("id").longValue();
                if (id <= lastId) {
                    violations.add("message " + id + " after " + lastId + " (a duplicate or out of order)");
                } else {
                    received.add(id);
                    lastId = id;
                }
            }
            case "ack" -> {
                String clientMsgId = frame.getString("clientMsgId");
                long id = frame.getJsonNumber("id").longValue();
                if (pending.remove(clientMsgId) != null) {
                    acks++;
                }
                Long before = acked.putIfAbsent(clientMsgId, id);
                if (before != null && before != id) {
                    violations.add(clientMsgId + " acknowledged as " + before + " and as " + id);
                }
            }
            case "error" -> {
                errors.merge(frame.getString("code", "?"), 1, Integer::sum);
                Pending post = frame.isNull("ref") ? null : pending.get(frame.getString("ref", ""));
                if (post != null) {
                    // as a client app would: try again a little later, not in a tight loop while a service is away
                    post.retryAt = System.currentTimeMillis() + 2000;
                }
            }
            case "banned", "kicked", "roomDeleted" -> violations.add("unexpected " + frame);
            default -> {
                // presence, typing, system notices: not what the suite checks
            }
        }
    }

    private synchronized void dropped(int fromGeneration) {
        if (fromGeneration == generation && socket != null) {
            lost(socket);
        }
    }

    /** The socket is gone: the next tick reconnects (its listener may not hear of an abort of our own). */
    private synchronized void lost(WebSocket gone) {
        if (socket == gone) {
            socket = null;
            nextConnectAt = System.currentTimeMillis() + 300;
        }
    }

    /** One listener per connection: frames of a socket the client has left behind are not counted. */
    private final class Listener implements WebSocket.Listener {
        private final int generation;
        private final StringBuilder partial = new StringBuilder();

        Listener(int generation) {
            this.generation = generation;
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
                    handle(generation, reader.readObject());
                }
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(generation);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped(generation);
        }
    }
}
