package dev.suda.pages.boundary;

import dev.suda.pages.control.Languages;
import dev.suda.pages.control.Texts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.jsp.jstl.core.Config;
import jakarta.servlet.jsp.jstl.fmt.LocalizationContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The pages' language (see {@link Languages}): every page request gets the chosen {@link Texts} as {@code texts},
 * its tag as {@code lang}, and JSTL's localization context, so {@code <fmt:message key="..."/>} speaks it.
 * The switch on every page is a link with {@code ?lang=ko} or {@code ?lang=en}: the choice is kept in a cookie
 * for a year and the browser is sent back to the same page without the parameter.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class LanguageFilter extends HttpFilter {

    static final int YEAR = 365 * 24 * 3600;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/ws/") || path.startsWith("/static/")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Locale> switched = "GET".equals(request.getMethod()) ? Languages.parse(request.getParameter("lang")) : Optional.empty();
        if (switched.isPresent()) {
            Cookie cookie = new Cookie(Languages.COOKIE, switched.get().getLanguage());
            cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
            cookie.setMaxAge(YEAR);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(withoutLang(request));
            return;
        }
        Locale locale = Languages.choose(cookie(request), request.getLocales(), request.getHeader("Accept-Language") != null);
        Texts texts = Texts.of(locale);
        request.setAttribute("texts", texts);
        request.setAttribute("lang", texts.lang());
        Config.set(request, Config.FMT_LOCALIZATION_CONTEXT, new LocalizationContext(texts.bundle(), texts.locale()));
        response.setHeader("Content-Language", texts.lang());
        response.addHeader("Vary", "Accept-Language, Cookie");
        chain.doFilter(request, response);
    }

    /** The language the filter chose for this request (English if it did not run). */
    static Texts texts(HttpServletRequest request) {
        return request.getAttribute("texts") instanceof Texts texts ? texts : Texts.of(Languages.FALLBACK);
    }

    private static String cookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (Languages.COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The same page, with every query parameter but {@code lang}. */
    private static String withoutLang(HttpServletRequest request) {
        StringBuilder query = new StringBuilder();
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("lang")) {
                for (String value : values) {
                    query.append(query.isEmpty() ? '?' : '&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                            .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
        });
        return request.getRequestURI() + query;
    }
}
