package dev.suda.auth.control;

import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows password guessing: after a few failed logins for one account, or many from one address, within the lockout
 * window, further attempts are refused until older failures leave the window, even with the right password.
 *
 * <p>Failures are rows in the database ({@link LoginFailures}), not Redis counters: a Redis that lost its data
 * forgets no throttle, and the check costs two indexed counts on a path that hashes a password anyway.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    @Inject
    LoginFailures failures;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "login.max.failures.per.account", defaultValue = "5")
    int maxPerAccount;

    @Inject
    @ConfigProperty(name = "login.max.failures.per.address", defaultValue = "30")
    int maxPerAddress;

    @Inject
    @ConfigProperty(name = "login.lockout.minutes", defaultValue = "15")
    int lockoutMinutes;

    private ScheduledFuture<?> cleaner;

    /** The throttle's rule: either count at its limit refuses the attempt. */
    static boolean throttled(long accountFailures, int maxPerAccount, long addressFailures, int maxPerAddress) {
        return accountFailures >= maxPerAccount || addressFailures >= maxPerAddress;
    }

    public void checkAllowed(String email, String address) {
        Instant since = Instant.now().minus(window());
        long ofAccount = failures.ofAccount(email, since);
        long ofAddress = ofAccount >= maxPerAccount ? 0 : failures.ofAddress(address, since);
        if (throttled(ofAccount, maxPerAccount, ofAddress, maxPerAddress)) {
            throw ProblemException.tooManyRequests("login_throttled",
                    "Too many failed logins; try again in " + lockoutMinutes + " minutes");
        }
    }

    public void failed(String email, String address) {
        failures.add(email, address, Instant.now());
    }

    /** A right password forgives the account's failures (not the address's). */
    public void succeeded(String email) {
        failures.forgive(email);
    }

    private Duration window() {
        return Duration.ofMinutes(lockoutMinutes);
    }

    void startCleaning(@Observes Migrations.SchemaReady ready) {
        if (cleaner == null) {
            cleaner = scheduler.scheduleWithFixedDelay(this::forgetOld, 1, Math.max(1, lockoutMinutes), TimeUnit.MINUTES);
        }
    }

    /** Failures older than the window count no more. */
    private void forgetOld() {
        try {
            failures.forgetBefore(Instant.now().minus(window()));
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Could not delete old login failures now; trying again later", e);
        }
    }

    @PreDestroy
    void stop() {
        if (cleaner != null) {
            cleaner.cancel(false);
        }
    }
}
