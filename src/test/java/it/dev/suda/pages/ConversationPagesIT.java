package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Two people answer, react to and fix each other's messages in two browsers, and see every change live (issue 33 point 7). */
class ConversationPagesIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    private static String li(long id) {
        return "#messages li.msg[data-id='" + id + "']";
    }

    private static long idOf(WebElement message) {
        return Long.parseLong(message.getAttribute("data-id"));
    }

    /** The chip of an emoji under a message, with its count, or null when there is none. */
    private static String chip(Browser browser, long messageId, String emoji) {
        return (String) browser.script("var chip = Array.from(document.querySelectorAll(arguments[0] + ' .chip[data-act=react]'))"
                + ".find(c => c.dataset.emoji === arguments[1]);"
                + " return chip ? chip.querySelector('.count').textContent + (chip.classList.contains('mine') ? ' mine' : '') : null;",
                li(messageId), emoji);
    }

    @Test
    void twoPeopleReplyReactAndEditAndSeeEachOthersChangesLive() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        try (Browser a = new Browser(); Browser b = new Browser(Api.BASE, 390, 844)) {
            a.signIn(alice).openRoom(roomId);
            b.signIn(bob).join(roomId);

            // alice asks; bob answers that message
            a.say("Shall we meet at 7? 저녁 7시 어때요?");
            long question = idOf(b.awaitMessage("Shall we meet at 7? 저녁 7시 어때요?"));
            b.click(li(question) + " button[data-act='reply']");
            b.waitUntil(d -> b.find("#replying").getText().contains("Shall we meet at 7?"));
            b.say("7 works for me");
            WebElement answer = a.awaitMessage("7 works for me");
            long answerId = idOf(answer);
            WebElement quote = a.find(li(answerId) + " .quote");
            assertTrue(quote.getText().startsWith(alice.display()) && quote.getText().contains("Shall we meet at 7?"), quote.getText());
            assertTrue(b.find(li(answerId) + " .quote").getText().contains("Shall we meet at 7?"));
            assertTrue(b.all("#replying").stream().noneMatch(WebElement::isDisplayed), "the reply line closes once sent");

            // alice reacts to the answer from the picker; bob sees it and adds his own to the same chip
            a.click(li(answerId) + " button[data-act='pick']");
            a.click(li(answerId) + " .picker button[data-emoji='👍']");
            b.waitUntil(d -> "1".equals(chip(b, answerId, "👍")));
            assertEquals("1 mine", chip(a, answerId, "👍"));
            b.click(li(answerId) + " .chip[data-emoji='👍']");
            a.waitUntil(d -> "2 mine".equals(chip(a, answerId, "👍")));
            b.waitUntil(d -> "2 mine".equals(chip(b, answerId, "👍")));
            // and takes it back
            b.click(li(answerId) + " .chip[data-emoji='👍']");
            a.waitUntil(d -> "1 mine".equals(chip(a, answerId, "👍")));
            b.waitUntil(d -> "1".equals(chip(b, answerId, "👍")));

            // alice fixes her question; bob sees the new text, the mark, and the quote of his answer follows it
            a.click(li(question) + " button[data-act='edit']");
            WebElement area = a.find(li(question) + " form.edit textarea");
            a.script("arguments[0].value = arguments[1]", area, "Shall we meet at 8? 저녁 8시 어때요?");
            a.click(li(question) + " form.edit button[type='submit']");
            b.waitUntil(d -> textOf(d, question).equals("Shall we meet at 8? 저녁 8시 어때요?"));
            assertTrue(b.find(li(question) + " .edited").isDisplayed(), "marked as edited");
            String title = b.find(li(question) + " .edited").getAttribute("title");
            assertTrue(!title.matches(".*\\d{4}-\\d{2}-\\d{2}T.*"), "the edit time in the reader's own time: " + title);
            b.waitUntil(d -> b.find(li(answerId) + " .quote .quote-text").getText().contains("at 8?"));
            a.waitUntil(d -> a.find(li(answerId) + " .quote .quote-text").getText().contains("at 8?"));

            // bob fixes his answer too; alice sees it
            b.click(li(answerId) + " button[data-act='edit']");
            WebElement mine = b.find(li(answerId) + " form.edit textarea");
            b.script("arguments[0].value = arguments[1]", mine, "8 works for me too 👍");
            b.click(li(answerId) + " form.edit button[type='submit']");
            a.waitUntil(d -> textOf(d, answerId).equals("8 works for me too 👍"));
            assertTrue(a.find(li(answerId) + " .edited").isDisplayed());
            a.screenshot("conversation-desktop");
            b.screenshot("conversation-phone");

            // after a reload, history shows the same: latest texts, the mark, the quote and the reaction
            b.openRoom(roomId);
            assertEquals("8 works for me too 👍", textOf(b.driver, answerId));
            assertTrue(b.find(li(answerId) + " .quote").getText().contains("at 8?"));
            assertEquals("1", chip(b, answerId, "👍"));
            assertTrue(b.find(li(question) + " .edited").isDisplayed());
        }
    }

    private static String textOf(WebDriver driver, long id) {
        return driver.findElement(By.cssSelector(li(id) + " .text")).getText();
    }
}
