package dev.suda.pages.control;

import dev.suda.platform.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The pages' words in one language, from the bundle {@code dev/suda/pages/messages_<lang>.properties} (UTF-8).
 * The pages read them with JSTL's {@code <fmt:message>} (the request's localization context is this bundle),
 * the servlets with {@link #text} and {@link #problem}, and the scripts from a JSON of the keys under
 * {@code js.} and {@code error.} that every page carries ({@code <script type="application/json" id="texts">},
 * read by static/texts.js).
 * <p>
 * Keys: {@code <page or part>.<what>}; a text the scripts need starts with {@code js.}; {@code error.<code>} is
 * what a refusal with that problem {@code code} says to a reader. Arguments are {@code {0}}, {@code {1}}, ... on both
 * sides (MessageFormat's patterns; texts.js fills them the same way), so a text with arguments writes an apostrophe
 * as {@code ''}. A count's words are {@code key.one} / {@code key.other} (the scripts pick by Intl.PluralRules).
 */
public final class Texts {

    public static final String BUNDLE = "dev.suda.pages.messages";
    static final String SCRIPT_PREFIX = "js.";
    static final String ERROR_PREFIX = "error.";

    private static final Map<Locale, Texts> CACHE = new ConcurrentHashMap<>();

    private final Locale locale;
    private final ResourceBundle bundle;
    private final String scriptJson;

    private Texts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Texts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.scriptJson = json(bundle);
    }

    /** The texts of a supported language (anything else gets the fallback language's). */
    public static Texts of(Locale locale) {
        Locale supported = Languages.parse(locale == null ? null : locale.toLanguageTag()).orElse(Languages.FALLBACK);
        return CACHE.computeIfAbsent(supported, Texts::new);
    }

    public Locale locale() {
        return locale;
    }

    /** The language tag for {@code <html lang>} and the scripts. */
    public String lang() {
        return locale.toLanguageTag();
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    /** Every key and text, sorted: for the tests that compare languages. */
    public Map<String, String> all() {
        Map<String, String> all = new TreeMap<>();
        for (String key : bundle.keySet()) {
            all.put(key, bundle.getString(key));
        }
        return Collections.unmodifiableMap(all);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The text of a key, formatted with its arguments; a missing key shows as itself, so it is seen and fixed. */
    public String text(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "???" + key + "???";
        }
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    }

    /**
     * What a refusal says to a reader: the text for its code ({@code error.<code>}) in this language, or the
     * server's own detail when the bundle has no text for the code; a fault of the server names its incident
     * reference ({@code error.fault}), so that a reader's report leads to the log entry.
     */
    public String problem(ProblemException problem) {
        if (problem.ref() != null) {
            return text("error.fault", problem.ref());
        }
        String key = ERROR_PREFIX + problem.code();
        String text = problem.code() != null && bundle.containsKey(key) ? bundle.getString(key) : problem.getMessage();
        if (problem.errors() == null || problem.errors().isEmpty() || text.equals(problem.getMessage())) {
            return text;
        }
        return text + ": " + problem.errors().stream()
                .map(e -> text("error.field", has("error.field." + e.field()) ? bundle.getString("error.field." + e.field()) : e.field(), e.message()))
                .collect(Collectors.joining("; "));
    }

    /**
     * The texts the scripts need, as JSON that is safe inside a {@code <script type="application/json">} element
     * ({@code <}, {@code >} and {@code &} escaped, so no text can close the element).
     */
    public String scriptJson() {
        return scriptJson;
    }

    private static String json(ResourceBundle bundle) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        bundle.keySet().stream().sorted()
                .filter(key -> key.startsWith(SCRIPT_PREFIX) || key.startsWith(ERROR_PREFIX))
                .forEach(key -> json.add(key, bundle.getString(key)));
        return json.build().toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
