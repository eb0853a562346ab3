package dev.suda.moderation.control;

import dev.suda.auth.control.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

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

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        Object[] parameters = invocation.getParameters();
        if (parameters.length < 2 || !(parameters[0] instanceof Caller caller) || !(parameters[1] instanceof Long roomId)) {
            throw new IllegalStateException("@Moderated needs (Caller, long roomId, ...) on " + invocation.getMethod());
        }
        var ban = sanctions.firstInForce(roomId, caller.userId(), Sanctions.Kind.BAN);
        if (ban.isPresent()) {
            throw ban.get().refusal();
        }
        return invocation.proceed();
    }
}
