package dev.suda.messages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RepliesTest {

    @Test
    void aShortOriginalIsQuotedWhole() {
        assertEquals("안녕하세요", Replies.excerpt("안녕하세요"));
        String hundred = "가".repeat(100);
        assertEquals(hundred, Replies.excerpt(hundred));
    }

    @Test
    void aLongOriginalIsCutAtAHundredCharactersWithAnEllipsis() {
        assertEquals("x".repeat(100) + "…", Replies.excerpt("x".repeat(101)));
    }

    @Test
    void anEmojiIsNeverCutInHalf() {
        // 100 emoji are 200 UTF-16 units: the cut counts code points
        String excerpt = Replies.excerpt("😀".repeat(150));
        assertEquals("😀".repeat(100) + "…", excerpt);
    }

    @Test
    void aDeletedOriginalShowsNoSenderAndNoText() {
        MessageView.Quote quote = Replies.deleted(7);
        assertEquals(new MessageView.Quote(7, null, null, null, true), quote);
    }
}
