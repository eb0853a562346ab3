package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** People chat through the pages in real browsers. */
class ChatPagesIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    @Test
    void twoPeopleInOneRoomSeeEachOthersMessagesLive() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        try (Browser a = new Browser(); Browser b = new Browser()) {
            a.go("/");
            a.screenshot("entry");
            a.signIn(alice);
            String name = Api.unique("Coffee talk ☕ ");
            a.fill("#create-room input[name=name]", name);
            a.click("#create-room button");
            a.awaitLive();
            long roomId = Long.parseLong(a.find("#room").getAttribute("data-room"));
            assertEquals(name, a.find("#room-name").getText());

            b.signIn(bob);
            WebElement listed = b.find("li.room-item[data-room='" + roomId + "']");
            assertTrue(listed.getText().contains(name), listed.getText());
            b.screenshot("rooms");
            b.join(roomId);

            a.say("안녕하세요 Bob 👋");
            WebElement atBob = b.awaitMessage("안녕하세요 Bob 👋");
            assertEquals(alice.display(), atBob.findElement(org.openqa.selenium.By.cssSelector(".who")).getText());
            assertEquals("OWNER", atBob.findElement(org.openqa.selenium.By.cssSelector(".role")).getText());

            b.say("Hi Alice, good to see you");
            WebElement atAlice = a.awaitMessage("Hi Alice, good to see you");
            assertEquals(bob.display(), atAlice.findElement(org.openqa.selenium.By.cssSelector(".who")).getText());
            assertEquals("MEMBER", atAlice.findElement(org.openqa.selenium.By.cssSelector(".role")).getText());
            b.awaitMessage("Hi Alice, good to see you");

            assertEquals(List.of("안녕하세요 Bob 👋", "Hi Alice, good to see you"), a.texts());
            assertEquals(List.of("안녕하세요 Bob 👋", "Hi Alice, good to see you"), b.texts());
            a.waitUntil(d -> a.find("#members li.member[data-user='" + bob.id() + "'] .dot").getAttribute("class").contains("on"));
            a.screenshot("room");

            b.find("#text").sendKeys("typing away");
            a.waitUntil(d -> a.find("#typing").getText().equals(bob.display() + " is typing…"));
        }
    }

    @Test
    void aGuestIsShownWithTheFirstTwoPartsOfItsAddress() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        String nickname = Api.unique("길손");
        try (Browser owners = new Browser(); Browser guests = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            guests.enterAsGuest(nickname);
            String display = nickname + " (127.0)";
            assertEquals(display, guests.find("#me-name").getText().replace(" guest", ""));
            guests.join(roomId);
            guests.say("guest here");
            WebElement seen = owners.awaitMessage("guest here");
            assertEquals(display, seen.findElement(org.openqa.selenium.By.cssSelector(".who")).getText());
            assertEquals("GUEST", seen.findElement(org.openqa.selenium.By.cssSelector(".role")).getText());
            owners.waitUntil(d -> owners.find("#members li.member[data-user] .who") != null
                    && owners.all("#members li.member .who").stream().anyMatch(w -> w.getText().equals(display)));
            guests.screenshot("room-guest");
        }
    }

    @Test
    void markupInAMessageOrANameShowsAsTextAndNeverRuns() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        String script = "<script>window.__pwned = 'script'; alert('xss')</script>";
        String image = "\"><img src=x onerror=\"window.__pwned = 'img'; alert('xss')\">";
        String nickname = "<img src=x onerror=alert(1)>";
        try (Browser owners = new Browser(); Browser guests = new Browser()) {
            owners.signIn(owner).openRoom(roomId);
            guests.enterAsGuest(nickname).join(roomId);
            guests.say(script);
            guests.say(image);
            owners.awaitMessage(script);
            owners.awaitMessage(image);
            guests.awaitMessage(image);
            // And once more as the server renders them, after a reload.
            owners.openRoom(roomId);
            for (Browser browser : List.of(owners, guests)) {
                assertEquals(List.of(script, image), browser.texts());
                assertTrue(browser.all("#messages img, #messages script, #members img").isEmpty(), "no injected element");
                assertNull(browser.script("return window.__pwned;"));
                assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
            }
            assertTrue(owners.all("#members li.member .who").stream().anyMatch(w -> w.getText().startsWith(nickname)));
            assertFalse(owners.driver.getPageSource().contains("<img src=x"));
        }
    }

    @Test
    void theRoomFitsAPhoneScreen() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.say(owner, roomId, "A long line that has to wrap on a narrow screen instead of pushing the page sideways: "
                + "https://example.test/" + "x".repeat(120));
        try (Browser phone = new Browser(Api.BASE, 390, 844)) {
            phone.signIn(owner);
            assertFits(phone);
            phone.openRoom(roomId);
            phone.awaitMessage(Chat.contents(owner, roomId).get(0));
            assertFits(phone);
            assertTrue(phone.find("#send-button").isDisplayed());
            assertTrue(phone.find("#members").isDisplayed());
            phone.screenshot("room-phone");
        }
    }

    private static void assertFits(Browser browser) {
        Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(overflow.intValue() <= 0, "no sideways scrolling, overflow " + overflow);
    }

    @Test
    void olderMessagesLoadWhenScrollingUp() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        List<String> said = new java.util.ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            String text = "line " + i;
            Chat.say(owner, roomId, text);
            said.add(text);
        }
        try (Browser browser = new Browser()) {
            browser.signIn(owner).openRoom(roomId);
            browser.awaitMessage("line 70");
            assertTrue(browser.texts().size() < 70, "the page starts with the latest messages only");
            browser.script("document.getElementById('scroller').scrollTop = 0;");
            browser.waitUntil(d -> browser.texts().size() == 70);
            assertEquals(said, browser.texts());
            List<Long> ids = browser.ids();
            assertEquals(ids.stream().distinct().sorted().toList(), ids);
        }
    }
}
