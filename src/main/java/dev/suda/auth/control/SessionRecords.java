package dev.suda.auth.control;

import dev.suda.auth.entity.SessionRecord;
import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The database side of {@link Sessions}: apart, so that the common check (found in the shared state) starts no
 * transaction. A session ended inside a larger transaction (a site ban) ends with it.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class SessionRecords {

    @PersistenceContext
    EntityManager em;

    public void open(String sessionId, long userId, Instant expiresAt) {
        em.persist(new SessionRecord(sessionId, userId, Instant.now(), expiresAt));
    }

    /** The session if it is live: not ended, not expired, its user not site-banned. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Optional<SessionRecord> live(String sessionId, Instant now) {
        return em.createNamedQuery(SessionRecord.LIVE, SessionRecord.class).setParameter("id", sessionId)
                .setParameter("now", now).getResultStream().findFirst();
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Optional<SessionRecord> find(String sessionId) {
        return Optional.ofNullable(em.find(SessionRecord.class, sessionId));
    }

    /** Ends one session; returns it (empty if there is no such session). */
    public Optional<SessionRecord> end(String sessionId, Instant at) {
        SessionRecord record = em.find(SessionRecord.class, sessionId);
        if (record != null) {
            record.end(at);
        }
        return Optional.ofNullable(record);
    }

    /** Ends every open session of the user; returns them. */
    public List<SessionRecord> endAll(long userId, Instant at) {
        List<SessionRecord> open = em.createNamedQuery(SessionRecord.OPEN_OF_USER, SessionRecord.class)
                .setParameter("userId", userId).setParameter("now", at).getResultList();
        open.forEach(record -> record.end(at));
        return open;
    }

    /** The sessions that ended since {@code since} and have not expired yet. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<SessionRecord> endedSince(Instant since, Instant now) {
        return em.createNamedQuery(SessionRecord.ENDED_SINCE, SessionRecord.class).setParameter("since", since)
                .setParameter("now", now).getResultList();
    }

    /** Deletes the records of sessions that expired before {@code before}: no token of theirs is accepted any more. */
    public int forgetExpired(Instant before) {
        return em.createNamedQuery(SessionRecord.FORGET_EXPIRED).setParameter("before", before).executeUpdate();
    }
}
