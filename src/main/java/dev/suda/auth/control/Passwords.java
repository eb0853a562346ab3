package dev.suda.auth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Jakarta Security's PBKDF2 with HMAC-SHA512 at the OWASP iteration count (210,000) or more, a 32-byte salt
 * per password. Unknown accounts are checked against a dummy hash so that timing does not reveal them.
 */
@ApplicationScoped
public class Passwords {

    public static final int MIN_ITERATIONS = 210_000;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    @ConfigProperty(name = "password.iterations", defaultValue = "210000")
    int iterations;

    private String dummyHash;

    @PostConstruct
    void configure() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations", String.valueOf(Math.max(MIN_ITERATIONS, iterations)),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "64"));
        dummyHash = pbkdf2.generate("not a password anyone has".toCharArray());
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    /** Checks a password against a stored hash; a null hash (no such account, or a guest) never matches. */
    public boolean matches(String password, String storedHash) {
        boolean match = pbkdf2.verify(password.toCharArray(), storedHash == null ? dummyHash : storedHash);
        return storedHash != null && match;
    }
}
