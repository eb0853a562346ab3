package dev.suda.moderation.control;

import dev.suda.auth.control.Caller;
import dev.suda.moderation.entity.PersonalMute;
import dev.suda.platform.ProblemException;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Muting another user for oneself only: their messages no longer reach the muter, live or in history. */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class PersonalMutes {

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    Event<PersonalMuteChanged> changed;

    /** Idempotent: muting someone already muted changes nothing. */
    public void mute(Caller caller, long userId) {
        if (userId == caller.userId()) {
            throw ProblemException.badRequest("self_mute", "You cannot mute yourself");
        }
        users.require(userId);
        if (em.find(PersonalMute.class, new PersonalMute.Key(caller.userId(), userId)) == null) {
            em.persist(new PersonalMute(caller.userId(), userId));
        }
        changed.fire(new PersonalMuteChanged(caller.userId()));
    }

    public void unmute(Caller caller, long userId) {
        PersonalMute mute = em.find(PersonalMute.class, new PersonalMute.Key(caller.userId(), userId));
        if (mute != null) {
            em.remove(mute);
        }
        changed.fire(new PersonalMuteChanged(caller.userId()));
    }

    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<User> list(Caller caller) {
        return mutedBy(caller.userId()).stream().map(users::require).toList();
    }

    /** The users whose messages {@code userId} does not want to see. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Set<Long> mutedBy(long userId) {
        return em.createNamedQuery(PersonalMute.BY_USER, PersonalMute.class)
                .setParameter("userId", userId).getResultStream()
                .map(PersonalMute::getMutedUserId).collect(Collectors.toUnmodifiableSet());
    }
}
