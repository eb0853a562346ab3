package dev.suda.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sendMessage with files (issue 31): attachments alone, or with text. */
class AttachmentFramesTest {

    @Test
    void aMessageMayBeFilesAlone() {
        assertEquals(new ClientFrame.SendMessage("c-1", null, List.of(4L, 5L), null),
                Frames.decode("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-1\",\"attachments\":[4,5]}"));
        assertEquals(new ClientFrame.SendMessage("c-1", "보세요", List.of(4L), null),
                Frames.decode("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-1\",\"content\":\"보세요\",\"attachments\":[4]}"));
    }

    @Test
    void attachmentsAreIds() {
        FrameException bad = assertThrows(FrameException.class,
                () -> Frames.decode("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-1\",\"attachments\":[\"x\"]}"));
        assertEquals("bad_field", bad.code());
        assertEquals("missing_field", assertThrows(FrameException.class,
                () -> Frames.decode("{\"type\":\"sendMessage\",\"clientMsgId\":\"c-1\"}")).code());
    }
}
