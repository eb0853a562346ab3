package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The room page survives a dropped connection: the test reaches the server through a relay it cuts, so the
 * page's socket dies without any word from either side; the page gets a fresh ticket and resumes after the
 * last message it saw, and shows what was said meanwhile once each, in order.
 */
class ReconnectPageIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    @Test
    void theRoomPageReconnectsByItselfAndShowsWhatItMissedOnceInOrder() throws Exception {
        Api.Session owner = Api.member();
        Api.Session reader = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.join(reader, roomId);
        try (CuttableProxy proxy = new CuttableProxy(URI.create(Api.BASE).getPort());
             Browser readers = new Browser("http://127.0.0.1:" + proxy.port(), 1280, 900)) {
            readers.signIn(reader).openRoom(roomId);
            Chat.say(owner, roomId, "before the drop");
            readers.awaitMessage("before the drop");

            proxy.cut();
            readers.waitUntil(d -> !"live".equals(readers.find("#status").getAttribute("data-state")));
            List<String> expected = new ArrayList<>(List.of("before the drop"));
            for (int i = 1; i <= 5; i++) {
                Chat.say(owner, roomId, "while away " + i);
                expected.add("while away " + i);
            }
            Thread.sleep(1500);
            proxy.restore();

            readers.awaitLive();
            readers.awaitMessage("while away 5");
            Chat.say(owner, roomId, "after the return");
            expected.add("after the return");
            readers.awaitMessage("after the return");
            assertEquals(expected, readers.texts());

            List<Long> ids = readers.ids();
            assertEquals(ids.stream().distinct().sorted().toList(), ids, "every message once, in id order");

            readers.say("and I can still talk");
            readers.awaitMessage("and I can still talk");
            assertEquals("and I can still talk", Chat.contents(owner, roomId).get(0));
        }
    }
}
