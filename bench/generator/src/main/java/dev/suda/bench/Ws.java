package dev.suda.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal WebSocket client (RFC 6455, text frames, no extensions) for thousands of sockets on one selector
 * thread: the load generator must cost far less than the servers it measures, so frames are handed to the
 * listener as bytes and only the sampled ones are parsed.
 */
final class Ws {

    /** Called on the reactor thread. The payload is only valid during the call. */
    interface Listener {
        void text(Ws ws, byte[] payload, int offset, int length);

        default void closed(Ws ws) {
        }
    }

    enum State { HANDSHAKE, OPEN, CLOSED }

    final int index;
    final boolean sampled;
    final Listener listener;
    private final SocketChannel channel;
    private final Reactor reactor;
    private final byte[] mask = new byte[4];
    private final CompletableFuture<Ws> opened = new CompletableFuture<>();
    private ByteBuffer in = ByteBuffer.allocate(4096);
    private byte[] fragments;
    private int fragmentLength;
    private SelectionKey key;
    volatile State state = State.HANDSHAKE;
    volatile int closeCode;
    volatile String closeReason;
    volatile long closedAtNanos;
    /** Per-socket counters, written by the reactor thread only. */
    volatile long framesIn;
    volatile long copies;

    private Ws(int index, boolean sampled, Listener listener, SocketChannel channel, Reactor reactor) {
        this.index = index;
        this.sampled = sampled;
        this.listener = listener;
        this.channel = channel;
        this.reactor = reactor;
        ThreadLocalRandom.current().nextBytes(mask);
    }

    /**
     * Starts a handshake; the future completes when the server answered 101 (or fails with its status).
     * {@code receiveBuffer} > 0 shrinks the socket's receive buffer, for a reader that is meant to fall behind.
     */
    static CompletableFuture<Ws> connect(Reactor reactor, String host, int port, String path, String token,
                                         int index, boolean sampled, Listener listener, int receiveBuffer) {
        return connect(reactor, host, port, path, token, index, sampled, listener, receiveBuffer, null);
    }

    /**
     * The same from a given local address ({@code source}, e.g. 127.0.0.2; null: the system's choice): one address
     * has at most as many ports to one server port as the ephemeral range holds (28,232 by default), so tens of
     * thousands of sockets to one server need several.
     */
    static CompletableFuture<Ws> connect(Reactor reactor, String host, int port, String path, String token,
                                         int index, boolean sampled, Listener listener, int receiveBuffer, String source) {
        try {
            SocketChannel channel = SocketChannel.open();
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            channel.connect(new InetSocketAddress(host, port));
            channel.configureBlocking(false);
            Ws ws = new Ws(index, sampled, listener, channel, reactor);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce)
                    + (token == null ? "" : "\r\nAuthorization: Bearer " + token) + "\r\n\r\n";
            ws.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            reactor.register(ws);
            return ws.opened;
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** Sends one text frame; blocks briefly (spinning) if the socket's send buffer is full. */
    void send(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendFrame(int opcode, byte[] payload) throws IOException {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        frame.flip();
        write(frame);
    }

    private void write(ByteBuffer bytes) throws IOException {
        synchronized (mask) {
            long deadline = 0;
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + 5_000_000_000L;
                    } else if (now > deadline) {
                        throw new IOException("send buffer full for 5 s");
                    }
                    LockSupport.parkNanos(100_000);
                }
            }
        }
    }

    /** Sends a close frame; the reactor closes the channel when the server answers (or at shutdown). */
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            sendFrame(0x8, new byte[] {0x03, (byte) 0xE8});
        } catch (IOException e) {
            terminate(1006, "send failed");
        }
    }

    /** Stops (true) or resumes (false) reading: a client that falls behind. */
    void pause(boolean paused) {
        reactor.interest(this, paused ? 0 : SelectionKey.OP_READ);
    }

    void terminate(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        closeCode = code;
        closeReason = reason;
        closedAtNanos = System.nanoTime();
        state = State.CLOSED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (!opened.isDone()) {
            opened.completeExceptionally(new IOException("closed before the handshake: " + code + " " + reason));
        }
        listener.closed(this);
    }

    /** Reads what is there and hands out every complete frame. Reactor thread only. */
    private void readable() {
        try {
            for (int round = 0; round < 8; round++) {
                if (!in.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                    in.flip();
                    bigger.put(in);
                    in = bigger;
                }
                int n = channel.read(in);
                if (n < 0) {
                    terminate(closeCode == 0 ? 1006 : closeCode, closeReason == null ? "eof" : closeReason);
                    return;
                }
                if (n == 0) {
                    return;
                }
                in.flip();
                if (state == State.HANDSHAKE) {
                    handshake();
                }
                if (state == State.OPEN) {
                    frames();
                }
                if (state == State.CLOSED) {
                    return;
                }
                in.compact();
            }
        } catch (IOException | RuntimeException e) {
            terminate(1006, e.toString());
        }
    }

    private void handshake() {
        byte[] a = in.array();
        int start = in.position();
        int end = in.limit();
        for (int i = start; i + 3 < end; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                String head = new String(a, start, i - start, StandardCharsets.ISO_8859_1);
                in.position(i + 4);
                int status = Integer.parseInt(head.substring(9, 12));
                if (status != 101) {
                    opened.completeExceptionally(new IOException("handshake refused: HTTP " + status));
                    terminate(status, "refused");
                    return;
                }
                state = State.OPEN;
                opened.complete(this);
                return;
            }
        }
    }

    private void frames() throws IOException {
        byte[] a = in.array();
        while (in.remaining() >= 2) {
            int p = in.position();
            int b0 = a[p] & 0xFF;
            int b1 = a[p + 1] & 0x7F;
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (in.remaining() < 4) {
                    return;
                }
                length = ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
                header = 4;
            } else if (b1 == 127) {
                if (in.remaining() < 10) {
                    return;
                }
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = (length << 8) | (a[p + i] & 0xFF);
                }
                header = 10;
            }
            if (in.remaining() < header + length) {
                if (header + length > in.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) (header + length) * 2);
                    bigger.put(in);
                    bigger.flip();
                    in = bigger;
                }
                return;
            }
            int payload = p + header;
            int len = (int) length;
            in.position(payload + len);
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            switch (opcode) {
                case 0x1, 0x0 -> {
                    if (fin && fragments == null) {
                        framesIn++;
                        listener.text(this, a, payload, len);
                    } else {
                        if (fragments == null) {
                            fragments = new byte[Math.max(1024, len * 2)];
                            fragmentLength = 0;
                        }
                        if (fragmentLength + len > fragments.length) {
                            fragments = java.util.Arrays.copyOf(fragments, (fragmentLength + len) * 2);
                        }
                        System.arraycopy(a, payload, fragments, fragmentLength, len);
                        fragmentLength += len;
                        if (fin) {
                            byte[] whole = fragments;
                            fragments = null;
                            framesIn++;
                            listener.text(this, whole, 0, fragmentLength);
                        }
                    }
                }
                case 0x8 -> {
                    int code = len >= 2 ? ((a[payload] & 0xFF) << 8) | (a[payload + 1] & 0xFF) : 1005;
                    String reason = len > 2 ? new String(a, payload + 2, len - 2, StandardCharsets.UTF_8) : "";
                    closeCode = code;
                    closeReason = reason;
                    try {
                        sendFrame(0x8, java.util.Arrays.copyOfRange(a, payload, payload + Math.min(len, 2)));
                    } catch (IOException ignored) {
                        // the server is going anyway
                    }
                    terminate(code, reason);
                    return;
                }
                case 0x9 -> sendFrame(0xA, java.util.Arrays.copyOfRange(a, payload, payload + len));
                default -> {
                    // pong or reserved: nothing to do
                }
            }
        }
    }

    /** One selector thread for every socket of the generator. */
    static final class Reactor implements AutoCloseable {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean running = true;

        Reactor(String name) throws IOException {
            selector = Selector.open();
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }

        void register(Ws ws) {
            pending.add(() -> {
                try {
                    ws.key = ws.channel.register(selector, SelectionKey.OP_READ, ws);
                } catch (IOException e) {
                    ws.terminate(1006, e.toString());
                }
            });
            selector.wakeup();
        }

        void interest(Ws ws, int ops) {
            pending.add(() -> {
                if (ws.key != null && ws.key.isValid()) {
                    ws.key.interestOps(ops);
                }
            });
            selector.wakeup();
        }

        private void run() {
            while (running) {
                try {
                    selector.select(100);
                    Runnable task;
                    while ((task = pending.poll()) != null) {
                        task.run();
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        if (key.isValid() && key.isReadable()) {
                            ((Ws) key.attachment()).readable();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        System.err.println("reactor: " + e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (SelectionKey key : selector.keys()) {
                ((Ws) key.attachment()).terminate(1001, "generator done");
            }
            selector.close();
        }
    }
}
