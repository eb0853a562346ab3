package it.dev.suda.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.auth.control.Authentication;
import dev.suda.auth.control.Caller;
import dev.suda.auth.control.Passwords;
import dev.suda.auth.control.Sessions;
import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.inject.Inject;
import java.io.File;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The identity rules, run inside Liberty on the real database and shared state: the built WAR plus this
 * test, deployed under another name beside the application.
 */
@ExtendWith(ArquillianExtension.class)
class IdentityInContainerIT {

    @Deployment
    static WebArchive deployment() {
        // A name of its own: the application "suda" from server.xml runs beside it.
        return ShrinkWrap.create(WebArchive.class, "suda-in-container.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/suda.war")))
                .addClass(IdentityInContainerIT.class);
    }

    @Inject
    Migrations migrations;

    @Inject
    Passwords passwords;

    @Inject
    Users users;

    @Inject
    Sessions sessions;

    @Inject
    Authentication authentication;

    private static String email() {
        return "ic-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void schemaIsCurrentOnTheConfiguredDatabase() {
        assertTrue(migrations.current());
        String expected = System.getProperty("suda.it.database", "");
        if (expected.startsWith("jdbc:mysql")) {
            assertTrue(migrations.database().contains("MariaDB") || migrations.database().startsWith("MySQL"),
                    migrations.database());
        }
    }

    @Test
    void passwordsAreSaltedSlowHashes() {
        String first = passwords.hash("비밀번호 password");
        String second = passwords.hash("비밀번호 password");
        assertNotEquals(first, second, "a fresh salt per hash");
        assertTrue(first.startsWith("PBKDF2WithHmacSHA512:210000:"), first);
        assertTrue(passwords.matches("비밀번호 password", first));
        assertFalse(passwords.matches("비밀번호 passworD", first));
        assertFalse(passwords.matches("anything", null), "no account never matches");
    }

    @Test
    void registrationKeepsOnlyTheHashAndRefusesADuplicateEmail() {
        String email = email();
        User user = users.register(email, "사용자", "long enough password");
        assertNotEquals("long enough password", user.getPasswordHash());
        assertTrue(passwords.matches("long enough password", user.getPasswordHash()));
        ProblemException duplicate = assertThrows(ProblemException.class,
                () -> users.register(email.toUpperCase(), "other", "long enough password"));
        assertEquals(409, duplicate.status());
    }

    @Test
    void aSiteBanEndsEverySessionOfTheUser() {
        User admin = users.ensureAdmin(email(), "admin password 1");
        String email = email();
        users.register(email, "target", "long enough password");
        Authentication.SignedIn one = authentication.login(email, "long enough password", "10.1.2.3");
        Authentication.SignedIn two = authentication.login(email, "long enough password", "10.1.2.3");
        long id = one.user().getId();
        assertTrue(sessions.userOf(one.issued().sessionId()).isPresent());

        users.siteBan(new Caller(admin.getId(), "test"), id, true, "spam");

        assertTrue(sessions.userOf(one.issued().sessionId()).isEmpty());
        assertTrue(sessions.userOf(two.issued().sessionId()).isEmpty());
        ProblemException refused = assertThrows(ProblemException.class,
                () -> authentication.login(email, "long enough password", "10.1.2.3"));
        assertEquals(403, refused.status());
    }

    @Test
    void aGuestIsShownWithTwoPartsOfItsAddress() {
        User guest = users.createGuest("손님", "203.0.113.7");
        assertEquals("손님 (203.0)", guest.display());
        assertTrue(guest.isGuest());
    }
}
