package dev.suda.auth.boundary;

import dev.suda.auth.control.Authentication;
import dev.suda.auth.control.Tickets;
import dev.suda.users.boundary.UserView;
import dev.suda.users.control.Users;
import dev.suda.platform.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("auth")
@Tag(name = "auth", description = "Signing in and out: member login, guest entry, the current user, socket tickets")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Authentication authentication;

    @Inject
    Users users;

    @Inject
    Tickets tickets;

    @Inject
    CurrentCaller caller;

    @Context
    HttpServletRequest request;

    public record Login(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {
    }

    public record GuestEntry(@NotBlank @Size(min = 1, max = 30) String nickname) {
    }

    @Schema(name = "Session")
    public record SessionView(String token, Instant expiresAt, UserView user) {
        static SessionView of(Authentication.SignedIn signedIn) {
            return new SessionView(signedIn.issued().token(), signedIn.issued().expiresAt(),
                    UserView.of(signedIn.user(), !signedIn.user().isGuest()));
        }
    }

    @POST
    @Path("login")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "login", summary = "Sign in with email and password; returns a bearer token")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = SessionView.class)))
    public SessionView login(@Valid @NotNull Login login) {
        return SessionView.of(authentication.login(login.email(), login.password(), ClientAddress.of(request)));
    }

    @POST
    @Path("guest")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "enterAsGuest", summary = "Enter as a guest with a nickname; shown to others as 'nickname (a.b)'")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = SessionView.class)))
    public SessionView guest(@Valid @NotNull GuestEntry entry) {
        return SessionView.of(authentication.enterAsGuest(entry.nickname(), ClientAddress.of(request)));
    }

    @POST
    @Path("logout")
    @Operation(operationId = "logout", summary = "End this session; its token is refused from now on")
    @APIResponse(responseCode = "204", description = "Signed out")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void logout() {
        authentication.logout(caller.get());
    }

    @POST
    @Path("ticket")
    @Operation(operationId = "createSocketTicket", summary = "A one-time ticket for opening a room socket from a browser: /ws/rooms/{id}?ticket=...",
            description = "Browsers cannot send an Authorization header on a WebSocket; the ticket works once, within a minute.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = Tickets.Ticket.class)))
    public Tickets.Ticket ticket() {
        return tickets.issue(caller.get());
    }

    @GET
    @Path("me")
    @Operation(operationId = "getCurrentUser", summary = "The signed-in user")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = UserView.class)))
    public UserView me() {
        return UserView.of(users.require(caller.get().userId()), true);
    }
}
