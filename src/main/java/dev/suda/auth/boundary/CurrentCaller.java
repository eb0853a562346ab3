package dev.suda.auth.boundary;

import dev.suda.auth.control.Caller;
import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current REST request, set by {@link AccessFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ProblemException.unauthorized("Sign in first: send Authorization: Bearer <token>");
        }
        return caller;
    }
}
