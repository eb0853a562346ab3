package dev.suda.users.boundary;

import dev.suda.users.entity.User;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as the API shows it; the email only to the user and site admins. */
@Schema(name = "User")
@JsonbPropertyOrder({"id", "username", "email", "admin", "guest", "banned", "display"})
public record UserView(long id, String username, String email, boolean admin, boolean guest, boolean banned,
                       String display) {

    public static UserView of(User user, boolean withEmail) {
        return new UserView(user.getId(), user.getUsername(), withEmail ? user.getEmail() : null, user.isAdmin(),
                user.isGuest(), user.isBanned(), user.display());
    }
}
