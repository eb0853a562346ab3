package dev.suda.auth.control;

import dev.suda.platform.ProblemException;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;

/** Signing in and out, for members and guests; the one place that turns credentials into a session. */
@ApplicationScoped
public class Authentication {

    @Inject
    Users users;

    @Inject
    Passwords passwords;

    @Inject
    Tokens tokens;

    @Inject
    Sessions sessions;

    @Inject
    LoginThrottle throttle;

    public record SignedIn(Tokens.Issued issued, User user) {
    }

    public SignedIn login(String email, String password, String address) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        throttle.checkAllowed(normalized, address);
        Optional<User> found = users.byEmail(normalized);
        if (!passwords.matches(password, found.map(User::getPasswordHash).orElse(null))) {
            throttle.failed(normalized, address);
            throw ProblemException.unauthorized("Wrong email or password");
        }
        throttle.succeeded(normalized);
        User user = found.get();
        if (user.isBanned()) {
            throw ProblemException.forbidden("banned", "This account is banned: " + user.getBanReason());
        }
        return open(user);
    }

    public SignedIn enterAsGuest(String nickname, String address) {
        return open(users.createGuest(nickname, address));
    }

    private SignedIn open(User user) {
        Tokens.Issued issued = tokens.issue(user);
        sessions.open(user.getId(), issued.sessionId(), issued.expiresAt());
        return new SignedIn(issued, user);
    }

    public void logout(Caller caller) {
        sessions.close(caller);
    }

    /**
     * The caller of a bearer token, if its signature holds and its session is still open: what a socket
     * handshake checks, as the request filter does for REST.
     */
    public Optional<Caller> callerOf(String bearerToken) {
        return tokens.verify(bearerToken).filter(this::isLive);
    }

    public boolean isLive(Caller caller) {
        return sessions.userOf(caller.sessionId()).filter(id -> id == caller.userId()).isPresent();
    }
}
