package dev.suda;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API lives under /api; every token is a MicroProfile JWT checked by Liberty. Every operation needs the
 * bearer token unless it is marked {@code @PermitAll} (which the access filter honours) and
 * {@code @SecurityRequirements} with nothing in it (which /openapi shows as {@code security: []}).
 */
@ApplicationPath("api")
@LoginConfig(authMethod = "MP-JWT")
@OpenAPIDefinition(
        info = @Info(title = "Suda", version = "1.0",
                description = "Realtime chat community server: rooms, members and guests, moderation, message history."),
        components = @Components(securitySchemes = @SecurityScheme(
                securitySchemeName = SudaApplication.BEARER, type = SecuritySchemeType.HTTP,
                scheme = "bearer", bearerFormat = "JWT")),
        security = @SecurityRequirement(name = SudaApplication.BEARER),
        servers = @Server(url = "/", description = "The Suda node that serves this document"))
public class SudaApplication extends Application {
    public static final String BEARER = "bearer";
}
