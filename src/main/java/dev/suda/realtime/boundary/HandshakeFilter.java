package dev.suda.realtime.boundary;

import dev.suda.auth.control.Authentication;
import dev.suda.auth.control.Caller;
import dev.suda.auth.control.Tickets;
import dev.suda.moderation.control.Sanctions;
import dev.suda.platform.Problem;
import dev.suda.platform.Outages;
import dev.suda.platform.ProblemException;
import dev.suda.rooms.control.Rooms;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a room socket before the upgrade, with an HTTP status a client can read: a foreign Origin (403),
 * no valid token or ticket (401), no such room (404), or a caller banned from the room (403).
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    Authentication authentication;

    @Inject
    Tickets tickets;

    @Inject
    Rooms rooms;

    @Inject
    Sanctions sanctions;

    @Inject
    @ConfigProperty(name = "allowed.origins")
    Optional<String> allowedOrigins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Caller> bearer;
        try {
            bearer = check(request);
        } catch (RuntimeException failed) {
            // the database or Redis away: 503 "unavailable" with Retry-After, as REST answers
            ProblemException refused = failed instanceof ProblemException problem ? problem
                    : Outages.asUnavailable(failed).orElseThrow(() -> failed);
            if (refused.status() == 503) {
                response.setHeader("Retry-After", String.valueOf(Outages.RETRY_AFTER_SECONDS));
            }
            response.setStatus(refused.status());
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSONB.toJson(refused.toProblem()));
            return;
        }
        chain.doFilter(new Upgrade(request, bearer.map(SocketCaller::new).orElse(null)), response);
    }

    /**
     * The handshake as Liberty sees it, minus a new HTTP session, and with the caller this filter checked as its
     * principal. Liberty's upgrade asks for a session (getSession(), which makes one) for every socket, and a socket
     * never uses it; made, it would stay in memory for the session timeout (12 hours, for the pages' sign-in) long
     * after its socket closed. The socket keeps its handshake's principal for its whole life: a {@link SocketCaller}
     * of a user id and a session id, where mpJwt's would be the parsed token with all its claims.
     */
    static final class Upgrade extends HttpServletRequestWrapper {

        private final SocketCaller principal;

        Upgrade(HttpServletRequest request, SocketCaller principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public HttpSession getSession() {
            return getSession(false);
        }

        @Override
        public HttpSession getSession(boolean create) {
            return super.getSession(false);
        }
    }

    /** Refuses the handshake with a problem, or returns the caller of its bearer token (empty for a ticket's). */
    private Optional<Caller> check(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request.getHeader("Host")) && !allowed().contains(origin)) {
            throw ProblemException.forbidden("foreign_origin", "Sockets are only for pages of this site");
        }
        Optional<Caller> bearer = bearerToken(request).flatMap(authentication::callerOf);
        Caller caller = bearer.or(() -> tickets.peek(request.getParameter("ticket")).filter(authentication::isLive))
                .orElseThrow(() -> ProblemException.unauthorized("A valid bearer token or ?ticket= is needed"));
        long roomId = RoomEndpoint.roomIdOf(request.getRequestURI());
        rooms.require(roomId);
        sanctions.inForce(Sanctions.Kind.BAN, roomId, caller.userId()).ifPresent(ban -> {
            throw ProblemException.forbidden("banned", "You are banned from this room" + ban.describeEnd()).until(ban.until());
        });
        return bearer;
    }

    /**
     * The token of an {@code Authorization: Bearer} header. mpJwt leaves sockets to this filter (server.xml's
     * authFilter): what it makes of a token (the subject, its credentials, the parsed claims) would be kept by
     * Liberty for the life of every socket.
     */
    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip()).filter(token -> !token.isEmpty());
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && (authority.equalsIgnoreCase(host)
                    || (uri.getPort() < 0 && host.equalsIgnoreCase(uri.getHost() + (uri.getScheme().equals("https") ? ":443" : ":80"))));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private Set<String> allowed() {
        return Arrays.stream(allowedOrigins.orElse("").split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
