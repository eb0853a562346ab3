package it.dev.suda.users;

import static it.dev.suda.Api.PASSWORD;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.login;
import static it.dev.suda.Api.member;
import static it.dev.suda.Api.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

class UsersIT {

    @Test
    void aProfileIsForItsOwnerAndSiteAdminsOnly() {
        Api.Session erin = member();
        Api.Session frank = member();
        assertEquals(200, get("/api/users/" + erin.id(), erin.token()).status());
        Api.Reply other = get("/api/users/" + erin.id(), frank.token());
        assertEquals(403, other.status());
        assertTrue(other.contentType().startsWith("application/problem+json"));
        Api.Reply byAdmin = get("/api/users/" + erin.id(), Api.admin().token());
        assertEquals(200, byAdmin.status());
        assertEquals(erin.email(), byAdmin.json().getString("email"));
        assertEquals(404, get("/api/users/987654321", Api.admin().token()).status());
    }

    @Test
    void usersChangeTheirOwnNameButNotTheirAdminRight() {
        Api.Session grace = member();
        Api.Reply renamed = patch("/api/users/" + grace.id(), grace.token(),
                Json.createObjectBuilder().add("username", "그레이스 🌸").build());
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("그레이스 🌸", renamed.json().getString("display"));
        Api.Reply selfPromotion = patch("/api/users/" + grace.id(), grace.token(),
                Json.createObjectBuilder().add("admin", true).build());
        assertEquals(403, selfPromotion.status());
        assertFalse(get("/api/auth/me", grace.token()).json().getBoolean("admin"));
    }

    @Test
    void onlySiteAdminsListUsers() {
        Api.Session henry = member();
        assertEquals(403, get("/api/users", henry.token()).status());
        Api.Reply list = get("/api/users?limit=5", Api.admin().token());
        assertEquals(200, list.status(), list.body());
        assertTrue(list.array().size() >= 1 && list.array().size() <= 5);
    }

    @Test
    void aSiteBanEndsEverySessionAtOnceAndBlocksSignIn() {
        Api.Session ivan = member();
        Api.Session ivanElsewhere = Api.signIn(ivan.email(), PASSWORD);
        Api.Session admin = Api.admin();

        Api.Reply byMember = patch("/api/users/" + ivan.id() + "/ban", member().token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "no").build());
        assertEquals(403, byMember.status());
        assertEquals(200, get("/api/auth/me", ivan.token()).status());

        Api.Reply banned = patch("/api/users/" + ivan.id() + "/ban", admin.token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "spam 광고").build());
        assertEquals(200, banned.status(), banned.body());
        assertTrue(banned.json().getBoolean("banned"));
        assertEquals(401, get("/api/auth/me", ivan.token()).status());
        assertEquals(401, get("/api/auth/me", ivanElsewhere.token()).status());
        Api.Reply refused = login(ivan.email(), PASSWORD);
        assertEquals(403, refused.status());
        assertTrue(refused.json().getString("detail").contains("spam 광고"));

        patch("/api/users/" + ivan.id() + "/ban", admin.token(), Json.createObjectBuilder().add("banned", false).build());
        assertEquals(200, login(ivan.email(), PASSWORD).status());
    }
}
