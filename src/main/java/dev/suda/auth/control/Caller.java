package dev.suda.auth.control;

/** The signed-in user behind a request or a socket, and the session its token belongs to. */
public record Caller(long userId, String sessionId) {
}
