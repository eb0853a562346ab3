package dev.suda.pages.boundary;

import dev.suda.auth.control.Caller;
import java.io.Serializable;

/**
 * The person signed in on a browser, as its HTTP session keeps it: the API session and token issued at sign-in
 * (the token never reaches the page or its script), and how the person is shown.
 */
public record Visitor(long userId, String sessionId, String token, String display, boolean guest)
        implements Serializable {

    public Caller caller() {
        return new Caller(userId, sessionId);
    }
}
