package dev.suda.auth.control;

import com.ibm.websphere.security.jwt.JwtBuilder;
import com.ibm.websphere.security.jwt.JwtConsumer;
import com.ibm.websphere.security.jwt.JwtException;
import com.ibm.websphere.security.jwt.JwtToken;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues RS256 tokens with Liberty's jwtBuilder "suda" and reads them back with the jwtConsumer of the same
 * key (for socket handshakes; REST requests are verified by mpJwt). The "sid" claim names the session.
 */
@ApplicationScoped
public class Tokens {

    private static final String CONFIG_ID = "suda";
    /** The session a token belongs to; see server.xml for why this is not "jti". */
    public static final String SESSION_CLAIM = "sid";

    @Inject
    @ConfigProperty(name = "jwt.lifetime.minutes", defaultValue = "720")
    long memberLifetimeMinutes;

    @Inject
    @ConfigProperty(name = "guest.lifetime.minutes", defaultValue = "120")
    long guestLifetimeMinutes;

    public record Issued(String token, String sessionId, Instant expiresAt) {
    }

    public Issued issue(User user) {
        Duration lifetime = Duration.ofMinutes(user.isGuest() ? guestLifetimeMinutes : memberLifetimeMinutes);
        Instant expiresAt = Instant.now().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String sessionId = UUID.randomUUID().toString();
        List<String> groups = new ArrayList<>(List.of(user.isGuest() ? "guest" : "member"));
        if (user.isAdmin()) {
            groups.add("admin");
        }
        try {
            JwtToken token = JwtBuilder.create(CONFIG_ID)
                    .subject(String.valueOf(user.getId()))
                    .claim("upn", String.valueOf(user.getId()))
                    .claim("groups", groups)
                    .claim("name", user.display())
                    .claim(SESSION_CLAIM, sessionId)
                    .expirationTime(expiresAt.getEpochSecond())
                    .buildJwt();
            return new Issued(token.compact(), sessionId, expiresAt);
        } catch (JwtException | com.ibm.websphere.security.jwt.InvalidBuilderException
                 | com.ibm.websphere.security.jwt.InvalidClaimException e) {
            throw new IllegalStateException("Cannot issue a token", e);
        }
    }

    /** The subject and session of a token whose signature, issuer and expiry hold; empty otherwise. */
    public Optional<Caller> verify(String compact) {
        try {
            JwtToken token = JwtConsumer.create(CONFIG_ID).createJwt(compact);
            return Optional.of(new Caller(Long.parseLong(token.getClaims().getSubject()),
                    token.getClaims().getClaim(SESSION_CLAIM, String.class)));
        } catch (Exception invalid) {
            return Optional.empty();
        }
    }
}
