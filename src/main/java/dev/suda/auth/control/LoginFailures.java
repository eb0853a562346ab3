package dev.suda.auth.control;

import dev.suda.auth.entity.LoginFailure;
import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** The database side of {@link LoginThrottle}: one row per failed sign-in. */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class LoginFailures {

    @PersistenceContext
    EntityManager em;

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public long ofAccount(String account, Instant since) {
        return em.createNamedQuery(LoginFailure.OF_ACCOUNT, Long.class)
                .setParameter("account", account).setParameter("since", since).getSingleResult();
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public long ofAddress(String address, Instant since) {
        return em.createNamedQuery(LoginFailure.OF_ADDRESS, Long.class)
                .setParameter("address", address).setParameter("since", since).getSingleResult();
    }

    public void add(String account, String address, Instant at) {
        em.persist(new LoginFailure(account, address, at));
    }

    public void forgive(String account) {
        em.createNamedQuery(LoginFailure.FORGIVE_ACCOUNT).setParameter("account", account).executeUpdate();
    }

    public int forgetBefore(Instant before) {
        return em.createNamedQuery(LoginFailure.FORGET_BEFORE).setParameter("before", before).executeUpdate();
    }
}
