package it.dev.suda.auth;

import static it.dev.suda.Api.PASSWORD;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.login;
import static it.dev.suda.Api.member;
import static it.dev.suda.Api.post;
import static it.dev.suda.Api.register;
import static it.dev.suda.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthIT {

    @Test
    void memberRegistersSignsInAndSeesThemself() {
        String name = unique("민지");
        String email = name.toLowerCase() + "@example.test";
        Api.Reply registered = register(email, name, PASSWORD);
        assertEquals(201, registered.status(), registered.body());
        JsonObject user = registered.json();
        assertEquals(name, user.getString("username"));
        assertEquals(name, user.getString("display"));
        assertEquals(email, user.getString("email"));
        assertFalse(user.getBoolean("admin"));
        assertFalse(user.getBoolean("guest"));
        assertFalse(user.containsKey("password"));

        Api.Reply loggedIn = login(email.toUpperCase(), PASSWORD);
        assertEquals(200, loggedIn.status(), loggedIn.body());
        JsonObject session = loggedIn.json();
        assertTrue(Instant.parse(session.getString("expiresAt")).isAfter(Instant.now()));
        assertEquals(3, session.getString("token").split("\\.").length, "a signed JWT");

        Api.Reply me = get("/api/auth/me", session.getString("token"));
        assertEquals(200, me.status(), me.body());
        assertEquals(user.getJsonNumber("id"), me.json().getJsonNumber("id"));
        assertFalse(me.body().contains(PASSWORD));
    }

    @Test
    void logoutEndsTheSessionAtOnceThoughTheTokenStillVerifies() {
        Api.Session alice = member();
        assertEquals(200, get("/api/auth/me", alice.token()).status());
        assertEquals(204, post("/api/auth/logout", alice.token(), null).status());
        Api.Reply after = get("/api/auth/me", alice.token());
        assertEquals(401, after.status());
        assertTrue(after.contentType().startsWith("application/problem+json"), after.contentType());
        assertEquals("session_ended", after.json().getString("code"));
    }

    @Test
    void missingOrForgedTokensAreRefusedWithProblemJson() {
        Api.Reply none = get("/api/auth/me", null);
        assertEquals(401, none.status());
        assertTrue(none.contentType().startsWith("application/problem+json"), none.contentType());
        assertEquals(401, none.json().getInt("status"));

        Api.Session bob = member();
        String[] parts = bob.token().split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"1\",\"upn\":\"1\",\"groups\":[\"member\",\"admin\"],\"iss\":\"https://suda.local\",\"exp\":"
                        + (Instant.now().getEpochSecond() + 3600) + "}").getBytes());
        Api.Reply forged = get("/api/auth/me", parts[0] + "." + forgedPayload + "." + parts[2]);
        assertEquals(401, forged.status(), forged.body());

        Api.Reply garbage = get("/api/auth/me", "not-a-token");
        assertEquals(401, garbage.status(), garbage.body());
    }

    @Test
    void wrongPasswordAndUnknownAccountLookAlike() {
        Api.Session carol = member();
        Api.Reply wrong = login(carol.email(), "wrong password!");
        Api.Reply unknown = login(unique("nobody") + "@example.test", PASSWORD);
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals(wrong.json().getString("detail"), unknown.json().getString("detail"));
    }

    @Test
    void repeatedFailedLoginsLockTheAccountForAWhile() {
        Api.Session dave = member();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(dave.email(), "wrong password " + i).status());
        }
        Api.Reply locked = login(dave.email(), PASSWORD);
        assertEquals(429, locked.status(), locked.body());
        assertEquals("login_throttled", locked.json().getString("code"));
    }

    @Test
    void manyFailedLoginsFromOneAddressAreRefusedForAWhile() {
        String address = Api.randomAddress();
        String body = Json.createObjectBuilder().add("email", unique("nobody") + "@example.test")
                .add("password", "wrong password").build().toString();
        int refused = 0;
        for (int i = 0; i < 31 && refused == 0; i++) {
            String attempt = body.replace("nobody", "nobody" + i);
            refused = Api.call("POST", "/api/auth/login", null, attempt, address).status() == 429 ? i : 0;
        }
        assertEquals(30, refused, "the 31st failed login from one address is refused");
        Api.Session frank = member();
        String right = Json.createObjectBuilder().add("email", frank.email()).add("password", PASSWORD).build().toString();
        assertEquals(429, Api.call("POST", "/api/auth/login", null, right, address).status());
        assertEquals(200, Api.call("POST", "/api/auth/login", null, right, Api.randomAddress()).status());
    }

    @Test
    void badInputIsNamedAndNothingIsWritten() {
        String email = unique("bad") + "@example.test";
        Api.Reply invalid = post("/api/users/register", null, Json.createObjectBuilder()
                .add("email", "not-an-email").add("username", "x").add("password", "short").build());
        assertEquals(400, invalid.status(), invalid.body());
        assertTrue(invalid.contentType().startsWith("application/problem+json"));
        String fields = invalid.json().getJsonArray("errors").toString();
        assertTrue(fields.contains("\"email\"") && fields.contains("\"username\"") && fields.contains("\"password\""), fields);

        Api.Reply malformed = Api.call("POST", "/api/users/register", null, "{\"email\": \"" + email + "\",");
        assertEquals(400, malformed.status(), malformed.body());
        assertEquals("malformed", malformed.json().getString("code"));

        Api.Reply empty = Api.call("POST", "/api/users/register", null, "");
        assertEquals(400, empty.status(), empty.body());

        Api.Reply tooLong = register(email, "n".repeat(41), PASSWORD);
        assertEquals(400, tooLong.status());
        assertEquals(401, login(email, PASSWORD).status(), "nothing was registered");
    }

    @Test
    void aSecondAccountWithTheSameEmailIsAConflict() {
        String email = unique("dup") + "@example.test";
        assertEquals(201, register(email, unique("first"), PASSWORD).status());
        Api.Reply again = register(email.toUpperCase(), unique("second"), PASSWORD);
        assertEquals(409, again.status(), again.body());
        assertEquals("email_taken", again.json().getString("code"));
    }

    @Test
    void guestsAreShownWithTheFirstTwoPartsOfTheirAddress() {
        Api.Session guest = Api.guest("나그네😀");
        assertEquals("나그네😀 (" + Api.ADDRESS_PREFIX + ")", guest.display());
        Api.Reply me = get("/api/auth/me", guest.token());
        assertEquals(200, me.status());
        assertTrue(me.json().getBoolean("guest"));
        assertEquals("나그네😀 (" + Api.ADDRESS_PREFIX + ")", me.json().getString("display"));

        Api.Reply blank = post("/api/auth/guest", null, Json.createObjectBuilder().add("nickname", " ").build());
        assertEquals(400, blank.status());
    }
}
