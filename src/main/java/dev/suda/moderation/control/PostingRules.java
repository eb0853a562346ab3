package dev.suda.moderation.control;

import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may post in a room now: not a banned or muted member, and not faster than {@code messages.per.second}. REST
 * and the socket both post through the {@code MessageWriter}, which asks here for each batch of posts just before
 * storing it: the posts that are refused are not stored.
 *
 * <p>Unlike {@link Moderated}, the posts of a batch are checked together: every post asks, and a batch's checks
 * take one round trip to the shared state instead of one each.
 */
@ApplicationScoped
public class PostingRules {

    /** A post to check: who posts, and where. */
    public record Attempt(long userId, long roomId) {
    }

    @Inject
    Sanctions sanctions;

    @Inject
    @ConfigProperty(name = "messages.per.second", defaultValue = "10")
    int messagesPerSecond;

    /**
     * For each attempt, in order: empty when it may be stored, else the {@link ProblemException} that says why not.
     * Each attempt counts on its sender's rate counter, whatever the answer.
     */
    public List<Optional<ProblemException>> check(List<Attempt> attempts) {
        return sanctions.firstInForceCounting(
                attempts.stream().map(a -> new Sanctions.Send("rate:send:" + a.userId(), a.roomId(), a.userId())).toList(),
                Duration.ofSeconds(1), Sanctions.Kind.BAN, Sanctions.Kind.MUTE).stream().map(this::refusal).toList();
    }

    private Optional<ProblemException> refusal(Sanctions.SendCheck found) {
        if (found.sanction().isPresent()) {
            return Optional.of(found.sanction().get().refusal());
        }
        if (found.hits() > messagesPerSecond) {
            return Optional.of(ProblemException.tooManyRequests("rate_limited",
                    "At most " + messagesPerSecond + " messages a second; slow down"));
        }
        return Optional.empty();
    }
}
