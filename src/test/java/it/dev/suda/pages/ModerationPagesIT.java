package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Owners and admins keep order from the room page; the people they act on see it on theirs. */
class ModerationPagesIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    @Test
    void anOwnerBansAUserWhosePageShowsItAndCanNoLongerSend() {
        Api.Session owner = Api.member();
        Api.Session troll = Api.member();
        long roomId = Chat.roomId(owner);
        try (Browser owners = new Browser(); Browser trolls = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            trolls.signIn(troll).join(roomId);
            trolls.say("buy cheap stuff");
            owners.awaitMessage("buy cheap stuff");

            owners.moderate(troll.id(), "ban", "spam links", null);

            trolls.waitUntil(d -> trolls.find("#banner").getText().equals("You were banned from this room: spam links"));
            trolls.waitUntil(d -> trolls.find("#status").getAttribute("data-state").equals("ended"));
            assertTrue(trolls.all("#send").isEmpty(), "no send box once banned");
            assertTrue(trolls.all("#members").isEmpty(), "no member list once banned");
            trolls.screenshot("room-banned");
            owners.waitUntil(d -> !owners.all("#banned li.member[data-user='" + troll.id() + "']").isEmpty());
            assertTrue(owners.all("#members li.member[data-user='" + troll.id() + "']").isEmpty());

            trolls.go("/rooms/" + roomId);
            assertTrue(trolls.find("#banner").getText().startsWith("You are banned from this room"));
            assertTrue(trolls.all("#send").isEmpty(), "no send box for a banned user");
            assertEquals(403, Chat.send(troll, roomId, "still here?", Api.unique("c")).status());
        }
    }

    @Test
    void aMutedUserSeesTheMuteAndAClearErrorWhenItTriesToSend() {
        Api.Session owner = Api.member();
        Api.Session chatty = Api.member();
        long roomId = Chat.roomId(owner);
        try (Browser owners = new Browser(); Browser chattys = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            chattys.signIn(chatty).join(roomId);
            owners.waitUntil(d -> !owners.all("#members li.member[data-user='" + chatty.id() + "']").isEmpty());

            owners.moderate(chatty.id(), "mute", "calm down", "10");

            chattys.waitUntil(d -> chattys.find("#banner").getText().startsWith("You are muted in this room until "));
            assertTrue(chattys.find("#banner").getText().contains("(calm down)"), chattys.find("#banner").getText());
            chattys.waitUntil(d -> !chattys.find("#send-button").isEnabled());
            // a send that raced the mute is refused with the same clear words
            chattys.script("window.suda.send({type: 'sendMessage', clientMsgId: 'raced', content: 'but I have more to say'})");
            chattys.waitUntil(d -> chattys.find("#send-error").getText().startsWith("You are muted in this room until"));
            assertEquals("muted", chattys.find("#send-error").getAttribute("data-code"));
            owners.waitUntil(d -> !owners.all("#members li.member[data-user='" + chatty.id() + "'] .badge-muted").isEmpty());
            chattys.screenshot("room-muted");

            chattys.openRoom(roomId);
            assertTrue(chattys.find("#banner").getText().startsWith("You are muted in this room until "));

            owners.moderate(chatty.id(), "unmute", null, null);
            chattys.waitUntil(d -> !d.findElement(By.id("banner")).isDisplayed());
            chattys.say("thank you");
            owners.awaitMessage("thank you");
        }
    }

    @Test
    void theOwnerAppointsAnAdminWhoThenModeratesAndDeletesMessages() {
        Api.Session owner = Api.member();
        Api.Session helper = Api.member();
        Api.Session member = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.join(member, roomId);
        Chat.say(member, roomId, "an unkind remark");
        try (Browser owners = new Browser(); Browser helpers = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            helpers.signIn(helper).join(roomId);
            owners.waitUntil(d -> !owners.all("#members li.member[data-user='" + helper.id() + "'] button[data-act='admin']").isEmpty());
            owners.click("#members li.member[data-user='" + helper.id() + "'] button[data-act='admin']");
            owners.waitUntil(d -> owners.find("#members li.member[data-user='" + helper.id() + "'] .role").getText().equals("ADMIN"));

            helpers.openRoom(roomId);
            var remark = helpers.awaitMessage("an unkind remark");
            remark.findElement(By.cssSelector("button[data-act='delete-message']")).click();
            owners.waitUntil(d -> owners.texts().stream().noneMatch("an unkind remark"::equals));
            helpers.waitUntil(d -> helpers.texts().stream().noneMatch("an unkind remark"::equals));

            helpers.moderate(member.id(), "kick", "take a break", null);
            assertEquals(403, Chat.send(member, roomId, "kicked?", Api.unique("c")).status());
        }
    }

    @Test
    void aPersonalMuteHidesSomeoneForTheMuterOnly() {
        Api.Session owner = Api.member();
        Api.Session bore = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.join(bore, roomId);
        Chat.say(bore, roomId, "first boring thing");
        try (Browser owners = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            owners.awaitMessage("first boring thing");
            owners.click("#members li.member[data-user='" + bore.id() + "'] button[data-act='personal-mute']");
            owners.waitUntil(d -> owners.texts().isEmpty());
            owners.find("#members li.member[data-user='" + bore.id() + "'] button[data-act='personal-unmute']");
            Chat.say(bore, roomId, "second boring thing");
            Chat.say(owner, roomId, "only mine shows");
            owners.awaitMessage("only mine shows");
            assertFalse(owners.texts().contains("second boring thing"));
            owners.openRoom(roomId);
            assertEquals(java.util.List.of("only mine shows"), owners.texts());
            assertEquals(2, Chat.contents(bore, roomId).stream().filter(c -> c.contains("boring")).count(),
                    "others still see them");
        }
    }

    @Test
    void theOwnerDeletesTheRoomAndEveryoneInItIsTold() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        try (Browser owners = new Browser(); Browser others = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            others.enterAsGuest(Api.unique("visitor")).join(roomId);
            owners.click("#delete-room");
            owners.click("#act-ok");
            owners.waitUntil(d -> d.getCurrentUrl().endsWith("/rooms"));
            others.waitUntil(d -> others.find("#banner").getText().equals("This room was deleted."));
            assertEquals(404, Api.get("/api/rooms/" + roomId, owner.token()).status());
        }
    }
}
