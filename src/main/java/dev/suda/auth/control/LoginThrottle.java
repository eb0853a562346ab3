package dev.suda.auth.control;

import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows password guessing: after a few failed logins for one account, or many from one address, further
 * attempts are refused for the rest of the window, even with the right password.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    SharedState state;

    @Inject
    @ConfigProperty(name = "login.max.failures.per.account", defaultValue = "5")
    int maxPerAccount;

    @Inject
    @ConfigProperty(name = "login.max.failures.per.address", defaultValue = "30")
    int maxPerAddress;

    @Inject
    @ConfigProperty(name = "login.lockout.minutes", defaultValue = "15")
    int lockoutMinutes;

    private static String accountKey(String email) {
        return "login-failures:account:" + email;
    }

    private static String addressKey(String address) {
        return "login-failures:address:" + address;
    }

    public void checkAllowed(String email, String address) {
        if (count(accountKey(email)) >= maxPerAccount || count(addressKey(address)) >= maxPerAddress) {
            throw ProblemException.tooManyRequests("login_throttled",
                    "Too many failed logins; try again in " + lockoutMinutes + " minutes");
        }
    }

    public void failed(String email, String address) {
        Duration window = Duration.ofMinutes(lockoutMinutes);
        state.hit(accountKey(email), window);
        state.hit(addressKey(address), window);
    }

    public void succeeded(String email) {
        state.delete(accountKey(email));
    }

    private long count(String key) {
        return state.get(key).map(Long::parseLong).orElse(0L);
    }
}
