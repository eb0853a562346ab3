package it.dev.suda.realtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written against RFC 6455 on a plain TCP socket, so that a test can send what well-behaved
 * clients (the JDK's included) refuse to: binary frames to a text protocol, text frames that are not UTF-8.
 * One thread uses it at a time; {@link #next()} reads the server's frames in order.
 */
final class RawSocket implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A frame from the server: its opcode and payload (for a close: the status code, then the reason). */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens {@code base}'s path with a bearer token over HTTP/1.1; fails unless the server switches protocols. */
    static RawSocket open(String base, String path, String token, String forwardedFor) throws IOException {
        return open(base, path, token, forwardedFor, 0);
    }

    /** The same with a small receive buffer ({@code receiveBuffer} bytes, if > 0): a reader that falls behind soon. */
    static RawSocket open(String base, String path, String token, String forwardedFor, int receiveBuffer) throws IOException {
        URI uri = URI.create(base);
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        socket.setTcpNoDelay(true);
        RawSocket raw = new RawSocket(socket);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "X-Forwarded-For: " + forwardedFor + "\r\n\r\n";
        raw.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        raw.out.flush();
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + head.lines().findFirst().orElse(head));
        }
        return raw;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A frame of the given opcode with exactly these payload bytes, masked as a client must. */
    void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The server's next frame (pings are answered and skipped); EOFException when the connection ends. */
    Frame next() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            int opcode = first & 0x0F;
            if (opcode == PING) {
                send(PONG, payload);
                continue;
            }
            return new Frame(opcode, payload);
        }
    }

    /** Answers a close from the server, as RFC 6455 asks, and waits for the server to end the connection. */
    void answerClose(Frame close) throws IOException {
        try {
            send(CLOSE, close.payload().length >= 2 ? new byte[] {close.payload()[0], close.payload()[1]} : new byte[0]);
            InputStream rest = socket.getInputStream();
            while (rest.read() >= 0) {
                // drain until the server closes the connection
            }
        } catch (IOException alreadyGone) {
            // the server may end the connection first
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
