package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

/**
 * The Korean and English interface (issue 33 point 6): a browser that asks for Korean gets Korean pages, a
 * switch on every page changes the language and is remembered, times show in the viewer's own zone and language,
 * and refusals are said in the viewer's language. Also takes the README's screenshots of the Korean room page
 * (into target/screenshots, and into docs/ with -Dsuda.docs.screenshots=true).
 */
class I18nPagesIT {

    static final String SEOUL = "Asia/Seoul";

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    static String lang(Browser browser) {
        return (String) browser.script("return document.documentElement.lang;");
    }

    @Test
    void aBrowserAskingForKoreanGetsTheKoreanInterface() {
        Api.Session minji = Api.member();
        try (Browser korean = Browser.of("ko-KR,ko", SEOUL, 1280, 900)) {
            korean.go("/");
            assertEquals("ko", lang(korean));
            assertEquals("로그인", korean.find("#signin-form h2").getText());
            assertEquals("손님으로 입장", korean.find("#guest-form h2").getText());
            korean.signIn(minji);
            assertEquals("대화방", korean.find("main.rooms h1").getText());
            assertEquals("로그아웃", korean.find("#signout").getText());
            korean.fill("#create-room input[name=name]", Api.unique("수다방 "));
            korean.click("#create-room button");
            korean.awaitLive();
            assertEquals("보내기", korean.find("#send-button").getText());
            assertEquals("연결됨", korean.find("#status").getText());
            korean.waitForText("#members li.member .role", "방장");   // the list is rebuilt as the room changes
            korean.say("안녕하세요, 여러분");
            WebElement message = korean.awaitMessage("안녕하세요, 여러분");
            assertEquals("방장", message.findElement(By.cssSelector(".role")).getText());
            korean.waitUntil(d -> message.findElement(By.cssSelector(".meta")).getText().contains("답장"));
        }
    }

    @Test
    void theSwitchToEnglishIsRememberedAcrossReloadsAndPages() {
        Api.Session minji = Api.member();
        try (Browser korean = Browser.of("ko-KR,ko", SEOUL, 1280, 900)) {
            korean.signIn(minji);
            assertEquals("대화방", korean.find("main.rooms h1").getText());
            korean.click("#lang-en");
            korean.waitForText("main.rooms h1", "Rooms");
            assertEquals("en", lang(korean));
            assertTrue(korean.driver.getCurrentUrl().endsWith("/rooms"), "the switch leads back to the same page: "
                    + korean.driver.getCurrentUrl());
            korean.driver.navigate().refresh();
            korean.waitForText("main.rooms h1", "Rooms");
            assertEquals("Sign out", korean.find("#signout").getText());
            long roomId = Chat.roomId(minji);
            korean.openRoom(roomId);
            assertEquals("Send", korean.find("#send-button").getText());
            assertEquals("en", lang(korean));

            korean.click("#lang-ko");
            korean.waitForText("#send-button", "보내기");
            korean.awaitLive();
            assertEquals("ko", lang(korean));
        }
    }

    @Test
    void aBrowserAskingForNeitherLanguageGetsEnglish() {
        try (Browser french = Browser.of("fr-FR,fr", "Europe/Paris", 1280, 900)) {
            french.go("/");
            assertEquals("en", lang(french));
            assertEquals("Sign in", french.find("#signin-form h2").getText());
        }
    }

    @Test
    void timesShowInTheViewersZoneAndLanguage() {
        Api.Session minji = Api.member();
        long roomId = Chat.roomId(minji);
        Chat.say(minji, roomId, "몇 시에 만날까요?");
        try (Browser seoul = Browser.of("ko-KR,ko", SEOUL, 1280, 900);
             Browser london = Browser.of("en-GB,en", "Europe/London", 1280, 900)) {
            seoul.signIn(minji).openRoom(roomId);
            WebElement atSeoul = seoul.awaitMessage("몇 시에 만날까요?").findElement(By.cssSelector("time"));
            Instant sent = Instant.parse(atSeoul.getAttribute("datetime"));
            assertEquals(koreanClock(sent.atZone(ZoneId.of(SEOUL))), atSeoul.getText());

            Api.Session visitor = Api.member();
            Chat.join(visitor, roomId);
            london.signIn(visitor).openRoom(roomId);
            WebElement atLondon = london.awaitMessage("몇 시에 만날까요?").findElement(By.cssSelector("time"));
            ZonedDateTime there = sent.atZone(ZoneId.of("Europe/London"));
            // en-GB reads a 24-hour clock: 13:40, 09:05
            String clock = atLondon.getText();
            assertTrue(clock.matches("\\d{1,2}:\\d{2}"), clock);
            assertEquals(there.getHour(), Integer.parseInt(clock.split(":")[0]), clock);
            assertEquals(there.getMinute(), Integer.parseInt(clock.split(":")[1]), clock);
        }
    }

    /** How a Korean reader's clock reads a time of today: 오전/오후 h:mm. */
    static String koreanClock(ZonedDateTime time) {
        int hour = time.getHour() % 12 == 0 ? 12 : time.getHour() % 12;
        return (time.getHour() < 12 ? "오전 " : "오후 ") + hour + ":" + String.format("%02d", time.getMinute());
    }

    @Test
    void aRefusedFormIsExplainedInTheViewersLanguage() {
        Api.Session taken = Api.member();
        try (Browser korean = Browser.of("ko-KR,ko", SEOUL, 1280, 900)) {
            korean.go("/");
            korean.fill("#register-form input[name=email]", taken.email());
            korean.fill("#register-form input[name=username]", Api.unique("하늘"));
            korean.fill("#register-form input[name=password]", Api.PASSWORD);
            korean.click("#register-form button");
            korean.waitForText("#page-error", "이 이메일로 만든 계정이 이미 있습니다.");
        }
    }

    /**
     * The README's pictures: the Korean room page with a few messages, a reply and a reaction, at desktop and phone
     * width. Rerun: {@code mvn verify -Dit.test=I18nPagesIT -Dsuda.docs.screenshots=true} (see the README).
     */
    @Test
    void theKoreanRoomPageForTheReadme() {
        String tag = UUID.randomUUID().toString().substring(0, 4);
        Api.Session minji = korean("민지" + tag);
        Api.Session junho = korean("준호" + tag);
        Api.Session seoyeon = korean("서연" + tag);
        JsonObject room = Api.post("/api/rooms", minji.token(), Json.createObjectBuilder().add("name", "주말 북한산 등산 모임 ⛰️").build()).json();
        long roomId = room.getJsonNumber("id").longValue();
        Chat.join(junho, roomId);
        Chat.join(seoyeon, roomId);
        long plan = Chat.say(minji, roomId, "이번 주 토요일에 북한산 가실 분 계신가요? 아침 8시에 구파발역에서 만나요 🙌")
                .getJsonNumber("id").longValue();
        Chat.say(junho, roomId, "저요! 김밥은 제가 준비할게요 🍙");
        reply(seoyeon, roomId, "저도 갈게요. 비 오면 어떻게 해요?", plan);
        long answer = Chat.say(minji, roomId, "비 소식이 있으면 금요일 저녁에 여기서 알려 드릴게요 ☔")
                .getJsonNumber("id").longValue();
        react(junho, plan, "👍");
        react(seoyeon, plan, "👍");
        react(junho, answer, "🙏");
        try (Browser viewer = Browser.of("ko-KR,ko", SEOUL, 1280, 800)) {
            viewer.signIn(minji).openRoom(roomId);
            viewer.awaitMessage("비 소식이 있으면 금요일 저녁에 여기서 알려 드릴게요 ☔");
            viewer.waitUntil(d -> viewer.all("#messages .quote").size() == 1);
            viewer.waitUntil(d -> viewer.all("#members li.member .dot.on").size() >= 1);
            assertEquals("ko", lang(viewer));
            viewport(viewer, 1280, 800);
            picture(viewer, "room-ko-desktop");
            viewport(viewer, 390, 844);
            viewer.waitUntil(d -> ((Number) viewer.script("return document.documentElement.scrollWidth;")).intValue() <= 390);
            viewer.script("document.getElementById('scroller').scrollTop = 1e9;");
            picture(viewer, "room-ko-phone");
        }
    }

    /** Sizes the window so that the page itself (the viewport) is width × height. */
    private static void viewport(Browser browser, int width, int height) {
        browser.driver.manage().window().setSize(new Dimension(width, height));
        long innerWidth = ((Number) browser.script("return window.innerWidth;")).longValue();
        long innerHeight = ((Number) browser.script("return window.innerHeight;")).longValue();
        browser.driver.manage().window().setSize(new Dimension(width + (int) (width - innerWidth), height + (int) (height - innerHeight)));
    }

    private static Api.Session korean(String name) {
        String email = "u" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
        Api.Reply registered = Api.register(email, name, Api.PASSWORD);
        if (registered.status() != 201) {
            throw new IllegalStateException("register: " + registered);
        }
        return Api.signIn(email, Api.PASSWORD);
    }

    private static void reply(Api.Session who, long roomId, String content, long replyTo) {
        Api.Reply reply = Api.post("/api/messages", who.token(), Json.createObjectBuilder().add("roomId", roomId)
                .add("content", content).add("clientMsgId", UUID.randomUUID().toString()).add("replyTo", replyTo).build());
        assertTrue(reply.status() == 201, reply.toString());
    }

    private static void react(Api.Session who, long messageId, String emoji) {
        Api.Reply reply = Api.call("PUT", "/api/messages/" + messageId + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8), who.token(), null);
        assertTrue(reply.status() / 100 == 2, reply.toString());
    }

    private static void picture(Browser browser, String name) {
        browser.screenshot(name);
        if (Boolean.getBoolean("suda.docs.screenshots")) {
            try {
                Path docs = Path.of("docs");
                Files.createDirectories(docs);
                Path file = ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
