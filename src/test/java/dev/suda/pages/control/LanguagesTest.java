package dev.suda.pages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LanguagesTest {

    static Locale choose(String cookie, String... preferred) {
        return Languages.choose(cookie, Collections.enumeration(List.of(preferred).stream().map(Locale::forLanguageTag).toList()),
                preferred.length > 0);
    }

    @Test
    void aBrowserAskingForKoreanGetsKorean() {
        assertEquals(Locale.KOREAN, choose(null, "ko-KR", "ko", "en-US"));
    }

    @Test
    void theFirstSupportedPreferenceWins() {
        assertEquals(Locale.KOREAN, choose(null, "ja", "ko", "en"));
        assertEquals(Locale.ENGLISH, choose(null, "fr", "en-GB", "ko"));
    }

    @Test
    void aBrowserAskingForNeitherGetsEnglish() {
        assertEquals(Locale.ENGLISH, choose(null, "de", "ja"));
        assertEquals(Locale.ENGLISH, choose(null));
    }

    @Test
    void theSwitchWinsOverTheBrowser() {
        assertEquals(Locale.ENGLISH, choose("en", "ko-KR"));
        assertEquals(Locale.KOREAN, choose("ko", "en-US"));
    }

    @Test
    void aBrokenCookieIsIgnored() {
        assertEquals(Locale.KOREAN, choose("xx-<script>", "ko"));
        assertEquals(Locale.KOREAN, choose("", "ko"));
    }
}
