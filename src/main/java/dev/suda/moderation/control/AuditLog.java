package dev.suda.moderation.control;

import dev.suda.auth.control.Caller;
import dev.suda.moderation.entity.AuditEntry;
import dev.suda.platform.ProblemException;
import dev.suda.users.control.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Writes and reads the audit log. Writes join the caller's transaction, so an action and its record commit together. */
@ApplicationScoped
public class AuditLog {

    public static final int MAX_PAGE = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void record(Long roomId, long actorId, Long targetId, String action, String reason, Instant until) {
        em.persist(new AuditEntry(roomId, actorId, targetId, action, reason, until));
    }

    /** Records an action on a message, such as an edit with the text it replaced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordMessage(long roomId, long actorId, long targetId, String action, long messageId, String text) {
        em.persist(new AuditEntry(roomId, actorId, targetId, action, messageId, text));
    }

    public List<AuditEntry> all(Long before, int limit) {
        return em.createNamedQuery(AuditEntry.ALL, AuditEntry.class)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(Math.min(limit, MAX_PAGE))
                .getResultList();
    }

    /** The whole log, for site admins only. */
    public List<AuditEntry> all(Caller caller, Long before, int limit) {
        if (!users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("admin_only", "Only a site admin may read the site's audit log");
        }
        return all(before, limit);
    }

    public List<AuditEntry> ofRoom(long roomId, Long before, int limit) {
        return em.createNamedQuery(AuditEntry.OF_ROOM, AuditEntry.class)
                .setParameter("roomId", roomId)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(Math.min(limit, MAX_PAGE))
                .getResultList();
    }
}
