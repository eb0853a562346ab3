package dev.suda.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The socket decodes text frames itself, as Liberty hands them over: a Reader with a strict UTF-8 decoder. */
class RoomEndpointReadTest {

    private static Reader frame(byte[] bytes) {
        return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.newDecoder());
    }

    @Test
    void koreanAndEmojiAreReadAsSent() throws Exception {
        String text = "{\"type\":\"sendMessage\",\"content\":\"수다 😀\"}";
        assertEquals(text, RoomEndpoint.read(frame(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThrows(CharacterCodingException.class,
                () -> RoomEndpoint.read(frame(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})));
        // a sequence cut off at the end of the frame
        assertThrows(CharacterCodingException.class,
                () -> RoomEndpoint.read(frame(new byte[] {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98})));
        // an encoded surrogate (CESU-8), which UTF-8 forbids
        assertThrows(CharacterCodingException.class,
                () -> RoomEndpoint.read(frame(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
    }

    @Test
    void aFrameFarTooLongIsNotReadToItsEnd() throws Exception {
        byte[] huge = "x".repeat(10 * Frames.MAX_FRAME_CHARS).getBytes(StandardCharsets.UTF_8);
        String read = RoomEndpoint.read(frame(huge));
        assertEquals(true, read.length() > Frames.MAX_FRAME_CHARS && read.length() < 2 * Frames.MAX_FRAME_CHARS);
    }
}
