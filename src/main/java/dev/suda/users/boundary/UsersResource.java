package dev.suda.users.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("users")
@Tag(name = "users", description = "Member registration, profiles and site-wide bans")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    /** Names may use any script and emoji; they are always escaped where shown, but carry no control characters. */
    static final String NAME = "^[^\\p{Cc}]+$";

    @Inject
    Users users;

    @Inject
    CurrentCaller caller;

    public record Registration(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 2, max = 40) @Pattern(regexp = NAME, message = "must not contain control characters") String username,
            @NotBlank @Size(min = 8, max = 200) String password) {
    }

    public record Update(
            @Size(min = 2, max = 40) @Pattern(regexp = NAME, message = "must not contain control characters") String username,
            @Email @Size(max = 254) String email,
            @Size(min = 8, max = 200) String password,
            Boolean admin) {
    }

    public record SiteBan(@NotNull Boolean banned, @Size(max = 500) String reason) {
    }

    @POST
    @Path("register")
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "register", summary = "Register a member with email, username and password")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = UserView.class)))
    public Response register(@Valid @NotNull Registration registration) {
        User user = users.register(registration.email(), registration.username(), registration.password());
        return Response.created(UriBuilder.fromPath("/api/users/{id}").build(user.getId()))
                .entity(UserView.of(user, true)).build();
    }

    @GET
    @Operation(operationId = "listUsers", summary = "List users, newest first (site admins)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = UserView[].class)))
    public List<UserView> list(@QueryParam("before") Long before,
                               @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Users.MAX_PAGE) int limit) {
        return users.list(caller.get(), before, limit).stream().map(u -> UserView.of(u, true)).toList();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "A user's profile (the user or a site admin)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = UserView.class)))
    public UserView get(@PathParam("id") long id) {
        return UserView.of(users.view(caller.get(), id), true);
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateUser", summary = "Change a profile (the user or a site admin; only admins change the admin flag)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = UserView.class)))
    public UserView update(@PathParam("id") long id, @Valid @NotNull Update update) {
        User user = users.update(caller.get(), id,
                new Users.Changes(update.username(), update.email(), update.password(), update.admin()));
        return UserView.of(user, true);
    }

    @PATCH
    @Path("{id}/ban")
    @Operation(operationId = "banUser", summary = "Ban or unban a user site-wide (site admins); a ban ends every session at once")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = UserView.class)))
    public UserView ban(@PathParam("id") long id, @Valid @NotNull SiteBan ban) {
        return UserView.of(users.siteBan(caller.get(), id, ban.banned(), ban.reason()), true);
    }
}
