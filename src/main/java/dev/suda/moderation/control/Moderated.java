package dev.suda.moderation.control;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one enforcement point of room sanctions, for REST and the socket alike: a method so marked is refused
 * to a caller banned from the room (and, for {@link Check#SEND}, to a muted or flooding caller) before it
 * runs. The method's first two parameters must be {@code (Caller caller, long roomId, ...)}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Moderated {

    enum Check {
        /** Posting a message: ban, mute and the send rate. */
        SEND,
        /** A moderation action: the actor must not be banned from the room. */
        MODERATE
    }

    @Nonbinding
    Check value() default Check.SEND;
}
