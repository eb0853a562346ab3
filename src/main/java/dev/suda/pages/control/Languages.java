package dev.suda.pages.control;

import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which language the pages speak to a browser: Korean or English. A choice the visitor made with the switch on
 * the page (kept in a cookie) wins; otherwise the first of the browser's Accept-Language preferences that Suda
 * speaks; otherwise English, since a browser that asks for neither is more likely to read English than Korean.
 */
public final class Languages {

    /** The cookie that remembers the switch. */
    public static final String COOKIE = "suda-lang";
    public static final Locale KOREAN = Locale.KOREAN;
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(KOREAN, ENGLISH);
    public static final Locale FALLBACK = ENGLISH;

    private Languages() {
    }

    /** A supported language by its tag ("ko", "en", "ko-KR"), if it is one. */
    public static Optional<Locale> parse(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.strip()).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }

    /**
     * The language for a request: the cookie's choice, else the browser's preferences in their order of quality
     * (as the servlet container sorted Accept-Language), else English.
     */
    public static Locale choose(String cookie, Enumeration<Locale> preferred, boolean browserSaidSo) {
        Optional<Locale> chosen = parse(cookie);
        if (chosen.isPresent()) {
            return chosen.get();
        }
        if (browserSaidSo && preferred != null) {
            while (preferred.hasMoreElements()) {
                Optional<Locale> match = parse(preferred.nextElement().toLanguageTag());
                if (match.isPresent()) {
                    return match.get();
                }
            }
        }
        return FALLBACK;
    }
}
