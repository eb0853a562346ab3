package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Voice in the room page, in headless Chromium with a fake microphone (a tone) that it may use without asking: the
 * browsers join voice, connect to each other in a full mesh and hear each other (the audio bytes each receives
 * from every other participant keep growing, by {@code RTCPeerConnection.getStats()}); moderation takes a person
 * out of everyone's voice.
 *
 * <p>The browsers connect to each other over loopback only: the test keeps ICE candidates on 127.0.0.1 and ::1, so
 * no media leaves this machine's loopback, whatever other interfaces it has.
 */
class VoicePagesIT {

    static final List<String> FAKE_MICROPHONE = List.of("--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
            "--allow-loopback-in-peer-connection");

    /** Drops every ICE candidate that is not on loopback, before the page's own script runs. */
    static final String LOOPBACK_ONLY = """
            (function () {
              var loopback = function (text) { return / (127\\.0\\.0\\.1|::1) /.test(' ' + text + ' '); };
              var add = RTCPeerConnection.prototype.addIceCandidate;
              RTCPeerConnection.prototype.addIceCandidate = function (candidate) {
                var text = candidate && (candidate.candidate !== undefined ? candidate.candidate : candidate);
                if (text && !loopback(text)) { return Promise.resolve(); }
                return add.apply(this, arguments);
              };
              var setRemote = RTCPeerConnection.prototype.setRemoteDescription;
              RTCPeerConnection.prototype.setRemoteDescription = function (description) {
                if (description && description.sdp) {
                  description = { type: description.type, sdp: description.sdp.split('\\r\\n').filter(function (line) {
                    return line.indexOf('a=candidate:') !== 0 || loopback(line); }).join('\\r\\n') };
                }
                return setRemote.call(this, description);
              };
            })();
            """;

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    static Browser talker(int width, int height) {
        Browser browser = new Browser(Api.BASE, width, height, FAKE_MICROPHONE);
        ((ChromeDriver) browser.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", LOOPBACK_ONLY));
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return browser;
    }

    static void joinVoice(Browser browser) {
        browser.click("#voice-join");
        browser.waitUntil(d -> "in".equals(browser.find("#voice").getAttribute("data-state")));
    }

    /** The audio bytes this page has received so far, by the user id they came from. */
    @SuppressWarnings("unchecked")
    static Map<Long, Long> inboundBytes(Browser browser) {
        Map<String, Object> raw = (Map<String, Object>) ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1]; window.sudaVoice.inboundBytes().then(done, function () { done({}); });");
        return raw.entrySet().stream().collect(Collectors.toMap(e -> Long.valueOf(e.getKey()), e -> ((Number) e.getValue()).longValue()));
    }

    /** Waits until every page receives audio from every other one, and then receives more of it. */
    static void everyoneHearsEveryone(Map<Browser, Long> people) {
        Map<Browser, Map<Long, Long>> first = new HashMap<>();
        for (var entry : people.entrySet()) {
            Browser page = entry.getKey();
            List<Long> others = people.values().stream().filter(id -> !id.equals(entry.getValue())).toList();
            page.waitUntil(d -> {
                Map<Long, Long> bytes = inboundBytes(page);
                boolean all = others.stream().allMatch(id -> bytes.getOrDefault(id, 0L) > 0);
                if (all) {
                    first.put(page, bytes);
                }
                return all;
            });
        }
        for (var entry : people.entrySet()) {
            Browser page = entry.getKey();
            Map<Long, Long> before = first.get(page);
            page.waitUntil(d -> {
                Map<Long, Long> now = inboundBytes(page);
                return before.keySet().stream().allMatch(id -> now.getOrDefault(id, 0L) > before.get(id));
            });
            System.out.println("voice: user " + entry.getValue() + " receives audio bytes " + inboundBytes(page));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Long> rosterOf(Browser browser) {
        return ((List<Object>) browser.script("return Array.from(window.sudaVoice.participants.keys());"))
                .stream().map(n -> ((Number) n).longValue()).toList();
    }

    static boolean connectedTo(Browser browser, long userId) {
        return Boolean.TRUE.equals(browser.script("return window.sudaVoice.peers.has(arguments[0]);", userId));
    }

    /**
     * The page is handed the configured STUN and TURN servers as it joins, the TURN entry with credentials made for
     * this user (the TURN REST API username {@code <expiry>:<user id>} and a base64 HMAC-SHA1).
     */
    @SuppressWarnings("unchecked")
    static void iceServersComeFromTheServer(Browser page, long roomId, long userId) {
        List<Map<String, Object>> servers = (List<Map<String, Object>>) ((JavascriptExecutor) page.driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                + " fetch('/rooms/' + arguments[0] + '/voice', {method: 'POST', credentials: 'same-origin',"
                + " headers: {'X-CSRF-Token': document.getElementById('room').dataset.csrf}})"
                + " .then(function (r) { return r.json(); }).then(function (b) { done(b.iceServers); }, function () { done(null); });",
                roomId);
        System.out.println("voice: the page is handed ICE servers " + servers);
        assertFalse(servers == null || servers.isEmpty(), "the test servers configure ICE_SERVERS");
        Map<String, Object> turn = servers.stream().filter(s -> String.valueOf(s.get("urls")).contains("turn:"))
                .findFirst().orElseThrow(() -> new AssertionError("no TURN server handed over: " + servers));
        String username = (String) turn.get("username");
        assertTrue(username != null && username.endsWith(":" + userId), "a username for this user: " + username);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(expiry > now && expiry <= now + 24 * 3600, "short-lived: " + expiry);
        assertEquals(20, Base64.getDecoder().decode((String) turn.get("credential")).length, "an HMAC-SHA1");
    }

    @Test
    void twoThenThreeBrowsersHearEachOtherAndABanTakesOneOutOfEveryonesVoice() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(owner);
        try (Browser owners = talker(1280, 900); Browser bobs = talker(1280, 900); Browser carols = talker(390, 844)) {
            owners.signIn(owner).openRoom(roomId);
            bobs.signIn(bob).join(roomId);
            assertEquals(Boolean.TRUE, owners.script("return window.sudaVoice.stream === null;"),
                    "the page has not asked for the microphone before joining");
            iceServersComeFromTheServer(owners, roomId, owner.id());
            joinVoice(owners);
            joinVoice(bobs);
            everyoneHearsEveryone(Map.of(owners, owner.id(), bobs, bob.id()));

            carols.signIn(carol).join(roomId);   // at phone width
            joinVoice(carols);
            everyoneHearsEveryone(Map.of(owners, owner.id(), bobs, bob.id(), carols, carol.id()));
            for (Browser page : List.of(owners, bobs, carols)) {
                page.waitUntil(d -> page.all("#voice-roster li.voice-person").size() == 3);
            }
            // the fake microphone plays a tone: everyone shows the others speaking
            owners.waitUntil(d -> !owners.all("#voice-roster li.voice-person.speaking[data-user='" + carol.id() + "']").isEmpty());
            assertTrue((Boolean) carols.script("var bar = document.getElementById('voice');"
                    + " return bar.scrollWidth <= bar.clientWidth && bar.getBoundingClientRect().right <= window.innerWidth;"),
                    "the voice bar fits a phone's width");
            carols.screenshot("voice-phone");
            owners.screenshot("voice-three");

            long membership = Chat.membershipOf(owner, roomId, carol.id());
            long banAt = System.currentTimeMillis();
            assertEquals(200, Api.patch("/api/room-users/" + membership + "/ban", owner.token(),
                    Json.createObjectBuilder().add("banned", true).add("reason", "voice test").build()).status());
            for (Browser page : List.of(owners, bobs)) {
                page.waitUntil(d -> !rosterOf(page).contains(carol.id()) && !connectedTo(page, carol.id()));
            }
            long removedAt = List.of(owners, bobs).stream()
                    .mapToLong(page -> ((Number) page.script("return window.sudaVoice.removedAt[arguments[0]];", carol.id())).longValue())
                    .max().orElseThrow();
            System.out.println("voice: a ban took the user out of everyone's roster and connections in "
                    + (removedAt - banAt) + " ms (from the ban request)");
            assertTrue(removedAt - banAt < 10_000, "out of everyone's voice soon after the ban: " + (removedAt - banAt) + " ms");
            // out of the room, the page drops the voice bar with the rest; its voice state says it left
            carols.waitUntil(d -> Boolean.TRUE.equals(carols.script("return !window.sudaVoice.joined && !window.sudaVoice.joining;")) && carols.all("#voice[data-state='in']").isEmpty());
            assertEquals(List.of(), rosterOf(carols).stream().filter(id -> id == carol.id()).toList());

            // the two left still hear each other
            everyoneHearsEveryone(Map.of(owners, owner.id(), bobs, bob.id()));
        }
    }

    @Test
    void aServerMuteSilencesTheSpeakerForEveryoneAndAKickedUsersStaleSignalIsRefused() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(owner);
        try (Browser owners = talker(1280, 900); Browser bobs = talker(1280, 900)) {
            owners.signIn(owner).openRoom(roomId);
            bobs.signIn(bob).join(roomId);
            joinVoice(owners);
            joinVoice(bobs);
            everyoneHearsEveryone(Map.of(owners, owner.id(), bobs, bob.id()));

            owners.click("#voice-roster li[data-user='" + bob.id() + "'] button[data-voice-mute]");
            owners.waitUntil(d -> Boolean.TRUE.equals(owners.script(
                    "var a = document.querySelector('#voice-audio audio[data-user=\"' + arguments[0] + '\"]'); return !!a && a.muted;", bob.id())));
            bobs.waitUntil(d -> bobs.find("#voice-note").getText().startsWith("A moderator muted you in voice"));
            assertFalse(bobs.find("#voice-mic").isEnabled());
            assertEquals(Boolean.FALSE, bobs.script("return window.sudaVoice.stream.getAudioTracks()[0].enabled;"),
                    "the muted speaker's page stops sending");
            bobs.screenshot("voice-server-muted");
            owners.click("#voice-roster li[data-user='" + bob.id() + "'] button[data-voice-mute]");
            bobs.waitUntil(d -> bobs.find("#voice-mic").isEnabled());

            // bob keeps what its page last sent to the owner, then is kicked
            bobs.script("window.staleOffer = window.sudaVoice.peers.get(arguments[0]).pc.localDescription.toJSON();", owner.id());
            long membership = Chat.membershipOf(owner, roomId, bob.id());
            assertEquals(204, Api.post("/api/room-users/" + membership + "/kick", owner.token(),
                    Json.createObjectBuilder().add("reason", "voice test").build()).status());
            owners.waitUntil(d -> !rosterOf(owners).contains(bob.id()) && !connectedTo(owners, bob.id()));
            // out of the room, the page drops the voice bar with the rest; its voice state says it left
            bobs.waitUntil(d -> Boolean.TRUE.equals(bobs.script("return !window.sudaVoice.joined && !window.sudaVoice.joining;")) && bobs.all("#voice[data-state='in']").isEmpty());

            // back in the room (a kick allows it), bob's page sends the stale signal on its new socket
            Object stale = bobs.script("return window.staleOffer;");
            bobs.join(roomId);
            bobs.script("window.suda.socket.send(JSON.stringify({type: 'voiceSignal', to: arguments[0],"
                    + " data: {description: arguments[1]}}));", owner.id(), stale);
            bobs.waitUntil(d -> Boolean.TRUE.equals(bobs.script("return window.sudaVoice.errors.some(function (e) {"
                    + " return e.code === 'not_in_voice' && e.ref === 'voiceSignal'; });")));
            assertFalse(connectedTo(owners, bob.id()), "the owner's page never heard the stale offer");
            assertFalse(rosterOf(owners).contains(bob.id()));
        }
    }
}
