package dev.suda.moderation.control;

import dev.suda.auth.control.Caller;
import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may post in a room now: not a banned or muted member, and not faster than {@code messages.per.second}. REST
 * and the socket both post through {@code Messages.postAsync}, which asks here before a post is queued for storing.
 *
 * <p>Unlike {@link Moderated}, the answer is a future: every post asks, so the check must not hold a thread while
 * its round trip is on the wire, and the checks that arrive meanwhile share the next one.
 */
@ApplicationScoped
public class PostingRules {

    @Inject
    Sanctions sanctions;

    @Inject
    @ConfigProperty(name = "messages.per.second", defaultValue = "10")
    int messagesPerSecond;

    /** Completes when the caller may post in the room; fails with the {@link ProblemException} that says why not. */
    public CompletableFuture<Void> check(Caller caller, long roomId) {
        // the sanctions and the rate counter in one round trip: a post is the hottest call there is
        return sanctions.firstInForceCounting("rate:send:" + caller.userId(), Duration.ofSeconds(1), roomId,
                caller.userId(), Sanctions.Kind.BAN, Sanctions.Kind.MUTE).thenAccept(found -> {
                    if (found.sanction().isPresent()) {
                        throw found.sanction().get().refusal();
                    }
                    if (found.hits() > messagesPerSecond) {
                        throw ProblemException.tooManyRequests("rate_limited",
                                "At most " + messagesPerSecond + " messages a second; slow down");
                    }
                });
    }
}
