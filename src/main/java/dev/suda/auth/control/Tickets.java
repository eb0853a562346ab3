package dev.suda.auth.control;

import dev.suda.platform.SharedState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * One-time socket tickets for browsers, which cannot set an Authorization header on a WebSocket: a signed-in
 * page asks for a ticket over REST and opens {@code /ws/rooms/{id}?ticket=...} within a minute. A ticket
 * works once and only while its session is open, so it never outlives a logout or a ban.
 */
@ApplicationScoped
public class Tickets {

    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SharedState state;

    @Inject
    Authentication authentication;

    public record Ticket(String ticket, Instant expiresAt) {
    }

    private static String key(String ticket) {
        return "ticket:" + ticket;
    }

    public Ticket issue(Caller caller) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        state.put(key(ticket), caller.userId() + ":" + caller.sessionId(), LIFETIME);
        return new Ticket(ticket, Instant.now().plus(LIFETIME));
    }

    /** The caller a ticket stands for, leaving it usable: for the check before the upgrade. */
    public Optional<Caller> peek(String ticket) {
        return ticket == null ? Optional.empty() : state.get(key(ticket)).map(Tickets::caller).filter(authentication::isLive);
    }

    /** The caller a ticket stands for, using it up. */
    public Optional<Caller> redeem(String ticket) {
        return ticket == null ? Optional.empty() : state.take(key(ticket)).map(Tickets::caller).filter(authentication::isLive);
    }

    private static Caller caller(String value) {
        int colon = value.indexOf(':');
        return new Caller(Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
    }
}
