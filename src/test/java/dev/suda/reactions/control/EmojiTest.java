package dev.suda.reactions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.suda.platform.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(strings = {"👍", "👍🏽", "❤️", "❤", "😂", "🇰🇷", "1️⃣", "#️⃣", "👨‍👩‍👧‍👦", "🏳️‍🌈", "⭐", "☕", "✅", "🫶"})
    void aSingleEmojiAsPeopleTypeItIsAReaction(String emoji) {
        assertEquals(emoji, Emoji.check(emoji));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "ㅋ", "ㅋㅋ", "1", "👍👍", "👍 ", " 👍", "lol", "\u0000", "\u200D", "<b>", "가"})
    void textAndSeveralEmojiAreNot(String notAnEmoji) {
        ProblemException refused = assertThrows(ProblemException.class, () -> Emoji.check(notAnEmoji));
        assertEquals("bad_emoji", refused.code());
    }

    @org.junit.jupiter.api.Test
    void nothingAndVeryLongClustersAreNot() {
        assertThrows(ProblemException.class, () -> Emoji.check(null));
        // one grapheme by ZWJ, but no emoji anyone types: 20 hearts joined
        assertThrows(ProblemException.class, () -> Emoji.check(String.join("\u200D", java.util.Collections.nCopies(20, "❤"))));
    }
}
