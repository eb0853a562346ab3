package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages' defences, seen from a plain HTTP client: cookie flags, CSRF tokens, headers. */
class PageSecurityIT {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(Api.BASE + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String csrfHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (csrfHeader != null) {
            request.header("X-CSRF-Token", csrfHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(matcher.find(), "the page carries a CSRF token");
        return matcher.group(1);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndPagesForbidInlineScript() throws Exception {
        HttpResponse<String> entry = get("/");
        String cookie = entry.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SUDASESSION=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        String policy = entry.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
        assertEquals("nosniff", entry.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void aFormWithoutTheSessionsTokenChangesNothing() throws Exception {
        String name = Api.unique("csrf room ");
        String page = get("/").body();
        HttpResponse<String> entered = post("/guest", "nickname=" + Api.unique("g") + "&csrf=" + csrf(page), null);
        assertEquals(302, entered.statusCode(), entered.body());
        String token = csrf(get("/rooms").body());

        HttpResponse<String> forged = post("/rooms", "name=" + name.replace(' ', '+'), null);
        assertEquals(403, forged.statusCode());
        HttpResponse<String> wrong = post("/rooms", "name=" + name.replace(' ', '+') + "&csrf=" + token.substring(1), null);
        assertEquals(403, wrong.statusCode());
        assertFalse(get("/rooms").body().contains(name), "no room was made");

        HttpResponse<String> made = post("/rooms", "name=" + name.replace(' ', '+') + "&csrf=" + token, null);
        assertEquals(302, made.statusCode());
        assertTrue(get("/rooms").body().contains(name));
    }

    @Test
    void thePageScriptsCallsNeedTheTokenToo() throws Exception {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        String page = get("/").body();
        post("/guest", "nickname=" + Api.unique("g") + "&csrf=" + csrf(page), null);
        String token = csrf(get("/rooms").body());
        assertEquals(302, post("/rooms/" + roomId + "/join", "csrf=" + token, null).statusCode());

        HttpResponse<String> noTicket = post("/rooms/" + roomId + "/ticket", "", null);
        assertEquals(403, noTicket.statusCode());
        assertTrue(noTicket.body().contains("\"code\":\"csrf\""), noTicket.body());
        HttpResponse<String> ticket = post("/rooms/" + roomId + "/ticket", "", token);
        assertEquals(200, ticket.statusCode(), ticket.body());
        assertTrue(ticket.body().contains("\"ticket\""));
        assertFalse(ticket.body().contains(owner.token()));
    }
}
