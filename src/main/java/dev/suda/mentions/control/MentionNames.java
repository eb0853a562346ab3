package dev.suda.mentions.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rule that turns {@code @name}s in a text into the room members they name. No database here: the caller reads
 * the members whose names {@link #names} lists, and {@link #resolve} picks among them.
 *
 * <ul>
 *   <li>A token is {@code @} followed by name characters (letters of any script, Hangul included, digits, combining
 *   marks, {@code _ . -}); the {@code @} must not follow a name character, so {@code kim@example.com} mentions nobody.
 *   A name with a space or other characters in it cannot be one token, so it cannot be mentioned.</li>
 *   <li>A token names a member whose user name equals it, ignoring case ({@link Locale#ROOT} lower case; Hangul has
 *   none). When none does, a trailing {@code .} or {@code -} (the end of a sentence) is dropped, and then one Korean
 *   particle or honorific written onto the name ({@code @민수님}, {@code @민수야}, {@code @민수에게}), trying the longest
 *   ending first; the first of these that names someone wins.</li>
 *   <li>Guests are shown as {@code nickname (a.b)}; {@code @nickname} names a guest only when no registered member
 *   of the room has that name and exactly one guest does. Two registered members with one name: the token names
 *   neither.</li>
 *   <li>Only current members of the room count (not banned); the sender never mentions itself; at most
 *   {@link #MAX_MENTIONS} people a message, in the order they are first named.</li>
 * </ul>
 */
public final class MentionNames {

    /** A message names at most this many people; further tokens are ignored. */
    public static final int MAX_MENTIONS = 50;

    /** Longest first, so that {@code 에게} is tried before {@code 게} would be. */
    static final List<String> KOREAN_ENDINGS = List.of("에게", "한테", "이랑", "님", "씨", "아", "야", "은", "는", "이", "가",
            "을", "를", "께", "도", "의", "랑", "와", "과");

    /** A member of the room as the rule sees it. */
    public record Member(long userId, String name, boolean guest) {
    }

    private MentionNames() {
    }

    /** Each token's candidate names, lower case, the most specific first. */
    static List<List<String>> tokens(String text) {
        List<List<String>> tokens = new ArrayList<>();
        if (text == null || text.indexOf('@') < 0) {
            return tokens;
        }
        int i = 0;
        int previous = -1;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '@' && (previous < 0 || !isNameChar(previous))) {
                int end = next;
                while (end < text.length() && isNameChar(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
                if (end > next) {
                    tokens.add(candidates(text.substring(next, end).toLowerCase(Locale.ROOT)));
                    if (tokens.size() >= 4 * MAX_MENTIONS) {
                        break;
                    }
                }
                previous = end > next ? text.codePointBefore(end) : cp;
                i = end;
                continue;
            }
            previous = cp;
            i = next;
        }
        return tokens;
    }

    private static List<String> candidates(String token) {
        Set<String> names = new LinkedHashSet<>();
        names.add(token);
        String trimmed = token;
        while (!trimmed.isEmpty() && (trimmed.endsWith(".") || trimmed.endsWith("-"))) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.isEmpty()) {
            names.add(trimmed);
            for (String ending : KOREAN_ENDINGS) {
                if (trimmed.length() > ending.length() && trimmed.endsWith(ending)) {
                    names.add(trimmed.substring(0, trimmed.length() - ending.length()));
                }
            }
        }
        return List.copyOf(names);
    }

    /** Every name the text's tokens could mean, lower case: the members worth reading. Empty when it has no token. */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        tokens(text).forEach(names::addAll);
        return names;
    }

    /**
     * The users the text mentions, in the order first named, among {@code members} (the room's current members, or
     * at least those whose names {@link #names} lists); never {@code senderId}.
     */
    public static List<Long> resolve(String text, Collection<Member> members, long senderId) {
        Set<Long> mentioned = new LinkedHashSet<>();
        for (List<String> candidates : tokens(text)) {
            for (String name : candidates) {
                List<Member> named = members.stream().filter(m -> m.name().toLowerCase(Locale.ROOT).equals(name)).toList();
                if (named.isEmpty()) {
                    continue;
                }
                List<Member> registered = named.stream().filter(m -> !m.guest()).toList();
                List<Member> chosen = registered.isEmpty() ? named : registered;
                if (chosen.size() == 1 && chosen.get(0).userId() != senderId) {
                    mentioned.add(chosen.get(0).userId());
                }
                break;   // the most specific name that names anyone decides, even when it is ambiguous
            }
            if (mentioned.size() >= MAX_MENTIONS) {
                break;
            }
        }
        return List.copyOf(mentioned);
    }

    static boolean isNameChar(int cp) {
        if (Character.isLetterOrDigit(cp) || cp == '_' || cp == '.' || cp == '-') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
