package dev.suda.users.control;

import dev.suda.auth.control.Caller;
import dev.suda.auth.control.Passwords;
import dev.suda.auth.control.Sessions;
import dev.suda.moderation.control.AuditLog;
import dev.suda.platform.ProblemException;
import dev.suda.users.entity.User;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Members, guests and site admins: registration, profiles, and site-wide bans. */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class Users {

    public static final int MAX_PAGE = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    Sessions sessions;

    @Inject
    AuditLog audit;

    @Inject
    Event<SiteBanned> siteBanned;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Fired when a site ban commits, so that the user's open sockets close. */
    public record SiteBanned(long userId, String reason) {
    }

    /** What may change on a user; null leaves a field as it is. */
    public record Changes(String username, String email, String password, Boolean admin) {
    }

    public User register(String email, String username, String password) {
        String normalized = normalizeEmail(email);
        if (byEmail(normalized).isPresent()) {
            throw ProblemException.conflict("email_taken", "An account with this email already exists");
        }
        User user = User.member(normalized, username.strip(), passwords.hash(password));
        persistUnique(user);
        return user;
    }

    public User createGuest(String nickname, String address) {
        User guest = User.guest(nickname.strip(), address);
        em.persist(guest);
        return guest;
    }

    /** Creates the first site admin from ADMIN_EMAIL/ADMIN_PASSWORD, or makes an existing account admin. */
    public User ensureAdmin(String email, String password) {
        String normalized = normalizeEmail(email);
        User admin = byEmail(normalized).orElseGet(() -> {
            User created = User.member(normalized, normalized.substring(0, normalized.indexOf('@')), passwords.hash(password));
            em.persist(created);
            return created;
        });
        admin.setAdmin(true);
        return admin;
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Optional<User> byEmail(String email) {
        return em.createNamedQuery(User.BY_EMAIL, User.class)
                .setParameter("email", normalizeEmail(email))
                .getResultStream().findFirst();
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Optional<User> find(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public User require(long id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("No user " + id));
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public boolean isAdmin(long userId) {
        return find(userId).map(User::isAdmin).orElse(false);
    }

    /** Profiles are for their owner and site admins only. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public User view(Caller caller, long id) {
        User user = require(id);
        if (caller.userId() != id && !isAdmin(caller.userId())) {
            throw ProblemException.forbidden("not_yours", "Only the user or a site admin may see this profile");
        }
        return user;
    }

    public List<User> list(Caller caller, Long before, int limit) {
        requireAdmin(caller);
        return em.createNamedQuery(User.ALL, User.class)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_PAGE)))
                .getResultList();
    }

    public User update(Caller caller, long id, Changes changes) {
        User user = view(caller, id);
        boolean byAdmin = isAdmin(caller.userId());
        // every refusal before the first change: a refusal leaves the transaction to commit (dontRollbackOn)
        boolean adminChanges = changes.admin() != null && changes.admin() != user.isAdmin();
        if (adminChanges && !byAdmin) {
            throw ProblemException.forbidden("admin_only", "Only a site admin may grant or remove admin rights");
        }
        String email = changes.email() != null && !user.isGuest() ? normalizeEmail(changes.email()) : null;
        if (email != null && !email.equals(user.getEmail()) && byEmail(email).isPresent()) {
            throw ProblemException.conflict("email_taken", "An account with this email already exists");
        }
        if (adminChanges) {
            user.setAdmin(changes.admin());
        }
        if (changes.username() != null) {
            user.setUsername(changes.username().strip());
        }
        if (email != null) {
            user.setEmail(email);
        }
        if (changes.password() != null && !user.isGuest()) {
            user.setPasswordHash(passwords.hash(changes.password()));
        }
        em.flush();
        return user;
    }

    /** A site ban ends every session of the user at once and closes its sockets; lifting it lets them sign in again. */
    public User siteBan(Caller caller, long id, boolean banned, String reason) {
        requireAdmin(caller);
        User user = require(id);
        if (user.isAdmin() && banned) {
            throw ProblemException.forbidden("outranked", "A site admin cannot be banned; remove the admin right first");
        }
        if (banned) {
            user.ban(reason);
            sessions.closeAll(id);
            siteBanned.fire(new SiteBanned(id, reason));
        } else {
            user.unban();
        }
        audit.record(null, caller.userId(), id, banned ? "SITE_BAN" : "SITE_UNBAN", reason, null);
        return user;
    }

    private void requireAdmin(Caller caller) {
        if (!isAdmin(caller.userId())) {
            throw ProblemException.forbidden("admin_only", "Only a site admin may do this");
        }
    }

    private void persistUnique(User user) {
        try {
            em.persist(user);
            em.flush();
        } catch (PersistenceException duplicate) {
            // the refusal alone would let the transaction commit; the failed insert must not be retried then
            transactions.setRollbackOnly();
            throw ProblemException.conflict("email_taken", "An account with this email already exists");
        }
    }

    private static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
