package dev.suda.pages.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Browser hardening for the pages, behind the escaping they already do: scripts and styles only from this
 * site (no inline script at all, so an injected tag cannot run), sockets to this host, no framing, no sniffing.
 */
// asyncSupported: the API answers a post once its message committed, from another thread
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeaders extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/ws/")) {
            chain.doFilter(request, response);
            return;
        }
        String host = request.getHeader("Host");
        String socket = host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]+") ? ""
                : " " + (request.isSecure() ? "wss://" : "ws://") + host;
        response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; connect-src 'self'" + socket + "; object-src 'none'; base-uri 'none';"
                + " frame-ancestors 'none'; form-action 'self'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
