package dev.suda.realtime.boundary;

import dev.suda.auth.control.Caller;
import java.security.Principal;

/** The principal a room socket keeps from its handshake: who, and which session, nothing more. */
record SocketCaller(Caller caller) implements Principal {

    @Override
    public String getName() {
        return String.valueOf(caller.userId());
    }
}
