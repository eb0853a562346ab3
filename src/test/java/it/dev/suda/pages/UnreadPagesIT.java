package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unread counts on the pages (issue 33.5): the room list shows how many messages wait in each room, the room opens at
 * the first of them under a "new messages" divider, and having seen them clears the count.
 */
class UnreadPagesIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    private static String badge(Browser browser, long roomId) {
        List<org.openqa.selenium.WebElement> badges = browser.all("li.room-item[data-room='" + roomId + "'] .unread-count");
        return badges.isEmpty() ? null : badges.get(0).getText();
    }

    private static int unread(Api.Session reader, long roomId) {
        return Api.get("/api/rooms/" + roomId, reader.token()).json().getInt("unreadCount");
    }

    /** Whether the divider is in the scroller's view, directly above the given message. */
    private static boolean dividerShownAbove(Browser browser, long messageId) {
        return Boolean.TRUE.equals(browser.script(
                "var d = document.getElementById('unread-divider'); var s = document.getElementById('scroller');"
                        + " if (!d || !d.nextElementSibling || Number(d.nextElementSibling.dataset.id) !== arguments[0]) { return false; }"
                        + " var r = d.getBoundingClientRect(), v = s.getBoundingClientRect();"
                        + " return r.top >= v.top - 1 && r.bottom <= v.bottom + 1;", messageId));
    }

    @Test
    void unreadCountsShowInTheRoomListAndClearOnOpeningTheRoom() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        long quietRoom = Chat.roomId(alice);
        Chat.member(bob, roomId);
        Chat.member(bob, quietRoom);
        Chat.say(bob, roomId, "bob was here first");
        try (Browser b = new Browser()) {
            b.signIn(bob);
            assertEquals(null, badge(b, roomId), "nothing unread yet");

            long first = Chat.say(alice, roomId, "새 메시지 하나").getJsonNumber("id").longValue();
            Chat.say(alice, roomId, "two");
            Chat.say(alice, roomId, "three 🎉");
            b.go("/rooms");
            b.waitUntil(d -> "3".equals(badge(b, roomId)));
            assertEquals(null, badge(b, quietRoom), "no badge where nothing is unread");
            b.screenshot("rooms-unread");

            b.openRoom(roomId);
            b.waitUntil(d -> dividerShownAbove(b, first));
            assertEquals("New messages", b.find("#unread-divider").getText().trim());
            b.screenshot("room-unread-divider");
            b.waitUntil(d -> unread(bob, roomId) == 0);

            b.go("/rooms");
            b.find("li.room-item[data-room='" + roomId + "']");
            assertEquals(null, badge(b, roomId), "the count cleared once the room was read");

            // a message that arrives while the room is open and in view is read at once
            b.openRoom(roomId);
            Chat.say(alice, roomId, "live one");
            b.awaitMessage("live one");
            b.waitUntil(d -> unread(bob, roomId) == 0);
        }
    }

    @Test
    void aLongUnreadRunOpensAtItsFirstMessageBeyondTheFirstPage() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            ids.add(Chat.say(alice, roomId, "backlog " + i).getJsonNumber("id").longValue());
        }
        assertEquals(60, unread(bob, roomId));
        try (Browser b = new Browser()) {
            b.signIn(bob);
            b.waitUntil(d -> "60".equals(badge(b, roomId)));
            b.openRoom(roomId);
            b.waitUntil(d -> dividerShownAbove(b, ids.get(0)));
            assertTrue(b.ids().contains(ids.get(0)), "older history was loaded to reach the first unread message");
            // only what came into view is read: the page opened at the top of the run
            b.waitUntil(d -> unread(bob, roomId) < 60);
            assertTrue(unread(bob, roomId) > 0, "messages further down were not seen yet");
            b.script("var s = document.getElementById('scroller'); s.scrollTop = s.scrollHeight;");
            b.waitUntil(d -> unread(bob, roomId) == 0);
        }
    }
}
