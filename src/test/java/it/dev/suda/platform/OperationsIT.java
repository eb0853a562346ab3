package it.dev.suda.platform;

import static it.dev.suda.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import org.junit.jupiter.api.Test;

class OperationsIT {

    @Test
    void readinessReportsTheDatabaseAndSharedState() {
        Api.Reply ready = get("/health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        assertEquals("UP", ready.json().getString("status"));
        String expected = System.getProperty("suda.it.database", "");
        if (expected.startsWith("jdbc:mysql")) {
            assertTrue(ready.body().contains("MariaDB") || ready.body().contains("MySQL"), ready.body());
        }
        if (System.getProperty("suda.it.redis", "").startsWith("redis")) {
            assertTrue(ready.body().contains("Redis at") || ready.body().contains("Redis Cluster at"), ready.body());
        }
        assertEquals(200, get("/health/live", null).status());
    }

    @Test
    void openApiDescribesEndpointsErrorsAndTheBearerScheme() {
        Api.Reply spec = Api.call("GET", "/openapi?format=JSON", null, null);
        assertEquals(200, spec.status());
        String body = spec.body();
        for (String path : new String[]{"/api/auth/login", "/api/auth/guest", "/api/auth/me", "/api/users/register",
                "/api/users/{id}/ban"}) {
            assertTrue(body.contains("\"" + path + "\""), "documents " + path);
        }
        assertTrue(body.contains("\"bearer\""), "bearer scheme");
        assertTrue(body.contains("application/problem+json"), "problem responses");
    }
}
