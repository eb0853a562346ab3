package dev.suda.pages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Korean and English pages say the same things: same keys, no empty text, and every key a page uses exists. */
class BundlesTest {

    static final Map<String, String> KO = Texts.of(Locale.KOREAN).all();
    static final Map<String, String> EN = Texts.of(Locale.ENGLISH).all();

    /** fmt:message key="x" and the quoted keys in key="${cond ? 'a' : 'b'}". */
    static final Pattern JSP_KEY = Pattern.compile("key=[\"']([\\w.]+)[\"']");
    static final Pattern JSP_EXPRESSION_KEY = Pattern.compile("key=\"\\$\\{([^}]*)}\"");
    static final Pattern QUOTED = Pattern.compile("'([a-zA-Z]+\\.[\\w.]+)'");
    /** t('key'), count('key', ...), T('key') in the scripts. */
    static final Pattern SCRIPT_KEY = Pattern.compile("\\b(?:t|T|count|parts)\\('((?:js|error)\\.[\\w.]+)'");
    /** texts(request).text("key") and the like in the page servlets. */
    static final Pattern JAVA_KEY = Pattern.compile("\\.text\\(\"([\\w.]+)\"");

    @Test
    void koreanAndEnglishHaveTheSameKeys() {
        Set<String> onlyKorean = new TreeSet<>(KO.keySet());
        onlyKorean.removeAll(EN.keySet());
        Set<String> onlyEnglish = new TreeSet<>(EN.keySet());
        onlyEnglish.removeAll(KO.keySet());
        assertEquals(Set.of(), onlyKorean, "keys only in messages_ko.properties");
        assertEquals(Set.of(), onlyEnglish, "keys only in messages_en.properties");
        assertTrue(KO.size() > 50, "the bundles are loaded: " + KO.size());
    }

    @Test
    void noTextIsEmpty() {
        KO.forEach((key, text) -> assertTrue(!text.isBlank(), "ko " + key + " is empty"));
        EN.forEach((key, text) -> assertTrue(!text.isBlank(), "en " + key + " is empty"));
    }

    @Test
    void koreanIsKorean() {
        assertEquals("로그아웃", KO.get("nav.signOut"));
        assertEquals("Sign out", EN.get("nav.signOut"));
    }

    @Test
    void textsWithArgumentsFormatInBothLanguages() {
        assertEquals("Mina is banned from the site.", Texts.of(Locale.ENGLISH).text("flash.siteBanned", "Mina"));
        assertEquals("Mina 님을 사이트에서 차단했습니다.", Texts.of(Locale.KOREAN).text("flash.siteBanned", "Mina"));
        assertEquals("member", Texts.of(Locale.ENGLISH).text("rooms.members", 1));
        assertEquals("members", Texts.of(Locale.ENGLISH).text("rooms.members", 3));
        assertEquals("???no.such.key???", Texts.of(Locale.ENGLISH).text("no.such.key"));
    }

    @Test
    void everyTextWithArgumentsIsAPatternBothSidesRead() {
        for (Map<String, String> bundle : List.of(KO, EN)) {
            bundle.forEach((key, text) -> {
                if (text.contains("{0")) {
                    String formatted = new MessageFormat(text, Locale.ENGLISH).format(new Object[] {2, "B", "C"});
                    assertTrue(!formatted.contains("{"), key + ": " + formatted);
                    assertTrue(!text.replace("''", "").contains("'"), key + " has a single apostrophe (write ''): " + text);
                } else {
                    assertTrue(!text.matches(".*\\{\\w+}.*"), key + " has a named argument, which neither side fills: " + text);
                }
            });
        }
    }

    @Test
    void anUnknownLanguageGetsEnglish() {
        assertEquals(Locale.ENGLISH, Texts.of(Locale.JAPANESE).locale());
        assertEquals(Locale.KOREAN, Texts.of(Locale.KOREA).locale());
    }

    @Test
    void theScriptsGetTheirTextsAsJsonThatCannotCloseItsElement() {
        String json = Texts.of(Locale.KOREAN).scriptJson();
        assertTrue(json.contains("\"error.muted\""), json);
        assertTrue(!json.contains("\"nav.signOut\""), "only js. and error. keys reach the scripts");
        assertTrue(!json.contains("<") && !json.contains(">"), json);
    }

    @Test
    void everyKeyThePagesUseExists() {
        Set<String> missing = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (Path file : files(Path.of("src/main/webapp/WEB-INF/pages"), ".jsp", ".jspf")) {
            String text = read(file);
            collect(JSP_KEY.matcher(text), 1, used, missing, file);
            Matcher expressions = JSP_EXPRESSION_KEY.matcher(text);
            while (expressions.find()) {
                collect(QUOTED.matcher(expressions.group(1)), 1, used, missing, file);
            }
        }
        for (Path file : files(Path.of("src/main/webapp/static"), ".js")) {
            collect(SCRIPT_KEY.matcher(read(file)), 1, used, missing, file);
        }
        for (Path file : files(Path.of("src/main/java/dev/suda/pages"), ".java")) {
            collect(JAVA_KEY.matcher(read(file)), 1, used, missing, file);
        }
        assertEquals(Set.of(), missing, "keys used but in no bundle");
        assertTrue(used.size() > 30, "the scan found the pages' keys: " + used.size());
    }

    /**
     * A key ending in a dot is the start of keys the code completes ('js.role.' + role): some key must start so. A
     * count's key ('js.room.memberWord') names key.one and key.other.
     */
    private static void collect(Matcher matcher, int group, Set<String> used, Set<String> missing, Path file) {
        while (matcher.find()) {
            String key = matcher.group(group);
            used.add(key);
            boolean known = key.endsWith(".")
                    ? EN.keySet().stream().anyMatch(k -> k.startsWith(key)) && KO.keySet().stream().anyMatch(k -> k.startsWith(key))
                    : matcher.group(0).startsWith("count(")
                    ? EN.containsKey(key + ".other") && KO.containsKey(key + ".other")
                    : EN.containsKey(key) && KO.containsKey(key);
            if (!known) {
                missing.add(key + " (" + file.getFileName() + ")");
            }
        }
    }

    private static Iterable<Path> files(Path root, String... endings) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Stream.of(endings).anyMatch(e -> p.toString().endsWith(e))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
