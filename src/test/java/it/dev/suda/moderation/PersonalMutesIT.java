package it.dev.suda.moderation;

import static it.dev.suda.Api.call;
import static it.dev.suda.Api.delete;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import org.junit.jupiter.api.Test;

class PersonalMutesIT {

    @Test
    void aMutedUsersMessagesDisappearOnlyForTheMuter() {
        Api.Session owner = member();
        Api.Session muter = member();
        Api.Session bore = member();
        long room = Chat.roomId(owner);
        Chat.join(muter, room);
        Chat.join(bore, room);
        Chat.say(bore, room, "boring story");
        Chat.say(owner, room, "welcome");

        assertEquals(204, call("PUT", "/api/me/mutes/" + bore.id(), muter.token(), null).status());
        assertEquals(204, call("PUT", "/api/me/mutes/" + bore.id(), muter.token(), null).status(), "idempotent");
        Api.Reply list = get("/api/me/mutes", muter.token());
        assertEquals(200, list.status());
        assertEquals(1, list.array().size());
        assertEquals(bore.id(), list.array().getJsonObject(0).getJsonNumber("id").longValue());

        assertFalse(Chat.contents(muter, room).contains("boring story"));
        assertTrue(Chat.contents(muter, room).contains("welcome"));
        assertTrue(Chat.contents(owner, room).contains("boring story"), "others still see it");

        assertEquals(204, delete("/api/me/mutes/" + bore.id(), muter.token()).status());
        assertTrue(Chat.contents(muter, room).contains("boring story"));
        assertEquals(0, get("/api/me/mutes", muter.token()).array().size());
    }

    @Test
    void nobodyMutesThemselvesOrNobody() {
        Api.Session me = member();
        assertEquals(400, call("PUT", "/api/me/mutes/" + me.id(), me.token(), null).status());
        assertEquals(404, call("PUT", "/api/me/mutes/987654321", me.token(), null).status());
        assertEquals(401, get("/api/me/mutes", null).status());
    }
}
