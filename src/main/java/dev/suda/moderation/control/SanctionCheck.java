package dev.suda.moderation.control;

import dev.suda.auth.control.Caller;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
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
    SharedState state;

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

        sanctions.inForce(Sanctions.Kind.BAN, roomId, caller.userId()).ifPresent(ban -> {
            throw ProblemException.forbidden("banned", "You are banned from this room" + ban.describeEnd());
        });
        if (check == Moderated.Check.SEND) {
            sanctions.inForce(Sanctions.Kind.MUTE, roomId, caller.userId()).ifPresent(mute -> {
                throw ProblemException.forbidden("muted", "You are muted in this room" + mute.describeEnd());
            });
            if (state.hit("rate:send:" + caller.userId(), Duration.ofSeconds(1)) > messagesPerSecond) {
                throw ProblemException.tooManyRequests("rate_limited",
                        "At most " + messagesPerSecond + " messages a second; slow down");
            }
        }
        return invocation.proceed();
    }
}
