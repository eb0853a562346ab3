package dev.suda.auth.boundary;

import dev.suda.auth.control.Authentication;
import dev.suda.auth.control.Caller;
import dev.suda.auth.control.Tokens;
import dev.suda.platform.Problem;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every API call needs a token whose session is still open, except those marked {@link PermitAll}.
 * MicroProfile JWT has checked the signature, issuer and expiry; this adds the session check that makes
 * logout and site bans immediate.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Authentication authentication;

    @Inject
    CurrentCaller current;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean open = resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(PermitAll.class)
                || resource.getResourceClass().isAnnotationPresent(PermitAll.class));
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            Caller caller = new Caller(Long.parseLong(jwt.getSubject()), jwt.getClaim(Tokens.SESSION_CLAIM));
            if (authentication.isLive(caller)) {
                current.set(caller);
                return;
            }
            if (!open) {
                request.abortWith(Problem.of(401, "session_ended",
                        "This session has ended (signed out, banned or expired); sign in again", null).toResponse());
            }
            return;
        }
        if (!open) {
            String detail = request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
                    ? "Sign in first: send Authorization: Bearer <token>"
                    : "The token is not valid";
            request.abortWith(Problem.of(401, "unauthorized", detail, null).toResponse());
        }
    }
}
