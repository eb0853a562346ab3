package dev.suda.messages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.suda.platform.ProblemException;
import org.junit.jupiter.api.Test;

class MessageContentTest {

    @Test
    void countsCodePointsNotChars() {
        String emoji = "😀".repeat(2000);
        assertEquals(4000, emoji.length());
        assertEquals(emoji, MessageContent.check(emoji));
        assertEquals("content_too_long", assertThrows(ProblemException.class,
                () -> MessageContent.check(emoji + "😀")).code());
    }

    @Test
    void acceptsOneToTwoThousandCharactersOfAnyScript() {
        assertEquals("a", MessageContent.check("a"));
        String korean = "가".repeat(2000);
        assertEquals(korean, MessageContent.check(korean));
        assertThrows(ProblemException.class, () -> MessageContent.check("가".repeat(2001)));
    }

    @Test
    void refusesEmptyBlankAndBrokenText() {
        assertEquals("empty_content", assertThrows(ProblemException.class, () -> MessageContent.check("")).code());
        assertEquals("empty_content", assertThrows(ProblemException.class, () -> MessageContent.check(" \n\t")).code());
        assertEquals("empty_content", assertThrows(ProblemException.class, () -> MessageContent.check(null)).code());
        assertEquals("malformed_content", assertThrows(ProblemException.class,
                () -> MessageContent.check("half \uD83D emoji")).code());
        assertEquals("malformed_content", assertThrows(ProblemException.class, () -> MessageContent.check("nul\0")).code());
    }

    @Test
    void keepsTextVerbatim() {
        String text = "  <b>안녕</b> & 👋🏽\n  ";
        assertEquals(text, MessageContent.check(text));
    }

    @Test
    void clientIdsAreOneToSixtyFourChars() {
        assertEquals(null, MessageContent.checkClientId(null));
        assertEquals("x".repeat(64), MessageContent.checkClientId("x".repeat(64)));
        assertThrows(ProblemException.class, () -> MessageContent.checkClientId("x".repeat(65)));
        assertThrows(ProblemException.class, () -> MessageContent.checkClientId(" "));
    }
}
