package dev.suda.moderation.control;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The enforcement point of room bans for moderation actions, for REST and the socket alike: a method so marked is
 * refused to a caller banned from the room before it runs. The method's first two parameters must be
 * {@code (Caller caller, long roomId, ...)}. Posting has its own rules, {@link PostingRules}: a ban, a mute and
 * the send rate, checked for a batch of posts at once as it is stored.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Moderated {
}
