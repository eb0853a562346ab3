package dev.suda.reactions.control;

import dev.suda.platform.ProblemException;
import java.util.regex.Pattern;

/**
 * What may be a reaction: one emoji as people type it, a single grapheme cluster (so a flag, a skin tone, a family
 * joined with ZWJ, a keycap are each one), of at most {@link #MAX_CHARS} UTF-16 units, that begins with a pictograph
 * or a keycap; not letters, digits or words.
 */
public final class Emoji {

    public static final int MAX_CHARS = 32;
    private static final Pattern ONE_GRAPHEME = Pattern.compile("\\X");
    private static final Pattern KEYCAP = Pattern.compile("[0-9#*]\uFE0F?\u20E3");

    private Emoji() {
    }

    /** The emoji as given, or a {@code bad_emoji} problem. */
    public static String check(String emoji) {
        if (emoji == null || emoji.isEmpty() || emoji.length() > MAX_CHARS || !ONE_GRAPHEME.matcher(emoji).matches()
                || !(KEYCAP.matcher(emoji).matches() || pictograph(emoji.codePointAt(0)))) {
            throw ProblemException.badRequest("bad_emoji", "A reaction is a single emoji");
        }
        return emoji;
    }

    /**
     * The blocks Unicode's emoji come from (Extended_Pictographic and the regional indicators, roughly): Java 17 has
     * no {@code Character.isEmoji}.
     */
    static boolean pictograph(int codePoint) {
        return codePoint >= 0x1F000 && codePoint <= 0x1FAFF      // emoticons, symbols and pictographs, flags, ...
                || codePoint >= 0x2600 && codePoint <= 0x27BF   // miscellaneous symbols, dingbats (☀ ❤ ✅)
                || codePoint >= 0x2300 && codePoint <= 0x23FF   // technical (⌚ ⏰)
                || codePoint >= 0x2B00 && codePoint <= 0x2BFF   // arrows and stars (⭐ ⬆)
                || codePoint >= 0x2190 && codePoint <= 0x21FF   // arrows (↩)
                || codePoint >= 0x25A0 && codePoint <= 0x25FF   // geometric shapes (▶)
                || codePoint == 0x00A9 || codePoint == 0x00AE || codePoint == 0x203C || codePoint == 0x2049
                || codePoint == 0x2122 || codePoint == 0x2139 || codePoint == 0x2934 || codePoint == 0x2935
                || codePoint == 0x3030 || codePoint == 0x303D || codePoint == 0x3297 || codePoint == 0x3299;
    }
}
