package dev.suda.auth.boundary;

import jakarta.servlet.http.HttpServletRequest;

/** The caller's address; behind a proxy Liberty's remoteIp has already taken it from X-Forwarded-For. */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
