package dev.suda.moderation.control;

import dev.suda.auth.control.Caller;
import dev.suda.platform.ProblemException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Enforces {@link Moderated}. It runs before the transaction interceptor, so a refused call never opens a
 * transaction nor changes anything. Sanctions are read from the shared state, so a ban issued on one node
 * holds on every node at once.
 */
@Moderated
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class SanctionCheck {

    @Inject
    Sanctions sanctions;

    @Inject
    @ConfigProperty(name = "messages.per.second", defaultValue = "10")
    int messagesPerSecond;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        Object[] parameters = invocation.getParameters();
        if (parameters.length < 2 || !(parameters[0] instanceof Caller caller) || !(parameters[1] instanceof Long roomId)) {
            throw new IllegalStateException("@Moderated needs (Caller, long roomId, ...) on " + invocation.getMethod());
        }
        Moderated binding = invocation.getMethod().getAnnotation(Moderated.class);
        Moderated.Check check = binding == null ? Moderated.Check.SEND : binding.value();

        if (check == Moderated.Check.SEND) {
            // the sanctions and the rate counter in one round trip: a send is the hottest call there is
            Sanctions.SendCheck found = sanctions.firstInForceCounting("rate:send:" + caller.userId(),
                    Duration.ofSeconds(1), roomId, caller.userId(), Sanctions.Kind.BAN, Sanctions.Kind.MUTE);
            refuse(found.sanction());
            if (found.hits() > messagesPerSecond) {
                throw ProblemException.tooManyRequests("rate_limited",
                        "At most " + messagesPerSecond + " messages a second; slow down");
            }
        } else {
            refuse(sanctions.firstInForce(roomId, caller.userId(), Sanctions.Kind.BAN));
        }
        return invocation.proceed();
    }

    private static void refuse(Optional<Sanctions.Sanction> sanction) {
        if (sanction.isPresent()) {
            throw sanction.get().kind() == Sanctions.Kind.BAN
                    ? ProblemException.forbidden("banned", "You are banned from this room" + sanction.get().describeEnd())
                    : ProblemException.forbidden("muted", "You are muted in this room" + sanction.get().describeEnd());
        }
    }
}
