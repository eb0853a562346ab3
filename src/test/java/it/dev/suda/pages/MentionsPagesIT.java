package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** A message that mentions the viewer by @name is highlighted for the viewer only: live, in history, after an edit. */
class MentionsPagesIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    private static boolean mentioned(WebElement li) {
        return Arrays.asList(li.getAttribute("class").split("\\s+")).contains("mentioned");
    }

    @Test
    void theMentionedPersonSeesTheMessageHighlightedLiveAndAfterAReload() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        String mention = "@" + bob.display() + " 오늘 회의 어때요? 👀";
        try (Browser a = new Browser(); Browser b = new Browser()) {
            a.signIn(alice).openRoom(roomId);
            b.signIn(bob).openRoom(roomId);

            a.say(mention);
            WebElement atBob = b.awaitMessage(mention);
            b.waitUntil(d -> mentioned(atBob));
            assertFalse(mentioned(a.awaitMessage(mention)), "only the mentioned person sees the highlight");
            a.say("nobody in particular");
            assertFalse(mentioned(b.awaitMessage("nobody in particular")));
            b.screenshot("room-mentioned");

            b.openRoom(roomId);
            assertTrue(mentioned(b.awaitMessage(mention)), "the page as the server renders it highlights too");
            assertFalse(mentioned(b.awaitMessage("nobody in particular")));

            long id = Long.parseLong(b.awaitMessage(mention).getAttribute("data-id"));
            assertEquals(200, Api.patch("/api/messages/" + id, alice.token(),
                    Json.createObjectBuilder().add("content", "never mind").build()).status());
            WebElement edited = b.awaitMessage("never mind");
            b.waitUntil(d -> !mentioned(edited));
        }
    }
}
