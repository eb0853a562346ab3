package dev.suda.moderation.control;

import dev.suda.membership.entity.Membership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import dev.suda.platform.ProblemException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The database side of {@link Sanctions}: apart, so that the common check (a shared-state read that finds nothing)
 * starts no transaction, while these reads run in one of their own (a socket thread has none to borrow).
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class SanctionRecords {

    @PersistenceContext
    EntityManager em;

    public Optional<Membership> row(long roomId, long userId) {
        return em.createNamedQuery(Membership.OF_USER, Membership.class)
                .setParameter("roomId", roomId).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /** Every membership with a ban or mute in force. */
    public List<Membership> inForce(Instant now) {
        return em.createNamedQuery(Membership.SANCTIONED, Membership.class).setParameter("now", now).getResultList();
    }
}
