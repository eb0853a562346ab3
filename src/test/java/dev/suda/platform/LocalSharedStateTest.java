package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalSharedStateTest {

    private final LocalSharedState state = new LocalSharedState();

    @Test
    void valuesExpireAfterTheirTimeToLive() throws InterruptedException {
        state.put("a", "1", Duration.ofMillis(50));
        state.put("b", "2", null);
        assertEquals(Optional.of("1"), state.get("a"));
        Thread.sleep(80);
        assertTrue(state.get("a").isEmpty());
        assertEquals(Optional.of("2"), state.get("b"));
    }

    @Test
    void touchRenewsWhatIsThereAndNeverBringsBackWhatWasTaken() throws InterruptedException {
        state.put("seat", "mine", Duration.ofMillis(60));
        assertTrue(state.touch("seat", Duration.ofSeconds(60)));
        Thread.sleep(90);
        assertEquals(Optional.of("mine"), state.get("seat"), "renewed past its first lifetime");
        assertEquals(Optional.of("mine"), state.take("seat"));
        assertFalse(state.touch("seat", Duration.ofSeconds(60)));
        assertTrue(state.get("seat").isEmpty());
    }

    @Test
    void hitsCountWithinAWindowAndStartAgainAfterIt() throws InterruptedException {
        assertEquals(1, state.hit("h", Duration.ofMillis(60)));
        assertEquals(2, state.hit("h", Duration.ofMillis(60)));
        assertEquals(Optional.of("2"), state.get("h"));
        Thread.sleep(90);
        assertEquals(1, state.hit("h", Duration.ofMillis(60)));
    }

    @Test
    void setsHoldMembersUntilTheLastIsRemoved() {
        state.addMember("s", "x", null);
        state.addMember("s", "y", null);
        state.removeMember("s", "x");
        assertEquals(Set.of("y"), state.members("s"));
        state.removeMember("s", "y");
        assertEquals(Set.of(), state.members("s"));
    }

    @Test
    void publishedMessagesReachEverySubscriberOfTheChannel() {
        List<String> received = new ArrayList<>();
        state.subscribe("c", received::add);
        state.subscribe("c", m -> received.add(m + "!"));
        state.publish("c", "hi");
        state.publish("other", "not for us");
        assertEquals(List.of("hi", "hi!"), received);
    }
}
