package dev.suda.voice.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IceServersTest {

    private static final String CONFIG = "[{\"urls\":\"stun:stun.example.org:3478\"},"
            + "{\"urls\":[\"turn:turn.example.org:3478?transport=udp\",\"turns:turn.example.org:5349\"]},"
            + "{\"urls\":\"turn:fixed.example.org\",\"username\":\"u\",\"credential\":\"p\"}]";

    @Test
    void turnServersWithoutCredentialsGetShortLivedOnesPerUser() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        JsonArray servers = IceServers.forUser(IceServers.parse(CONFIG), "s3cret", Duration.ofHours(1), 42, now);
        assertEquals(3, servers.size());
        assertFalse(servers.getJsonObject(0).containsKey("username"), "STUN needs no credentials");
        JsonObject turn = servers.getJsonObject(1);
        String expectedUser = now.plusSeconds(3600).getEpochSecond() + ":42";
        assertEquals(expectedUser, turn.getString("username"));
        assertEquals(IceServers.credential("s3cret", expectedUser), turn.getString("credential"));
        assertEquals("u", servers.getJsonObject(2).getString("username"), "configured credentials are kept");
        assertEquals("p", servers.getJsonObject(2).getString("credential"));
    }

    @Test
    void credentialIsTheTurnRestApiHmac() {
        // echo -n '1700000000:7' | openssl dgst -sha1 -hmac secret -binary | base64
        assertEquals("Cf4dX1iIxoaSkwMIEX411xSxa14=", IceServers.credential("secret", "1700000000:7"));
    }

    @Test
    void withoutASecretTheListIsPassedAsConfigured() {
        JsonArray servers = IceServers.forUser(IceServers.parse(CONFIG), "", Duration.ofHours(1), 42, Instant.now());
        assertFalse(servers.getJsonObject(1).containsKey("username"));
        assertEquals(0, IceServers.parse("").size(), "nothing is built in");
    }

    @Test
    void badConfigurationIsRefusedSayingWhy() {
        assertThrows(IllegalArgumentException.class, () -> IceServers.parse("{\"urls\":\"stun:x\"}"));
        assertThrows(IllegalArgumentException.class, () -> IceServers.parse("[{\"url\":\"stun:x\"}]"));
        assertThrows(IllegalArgumentException.class, () -> IceServers.parse("[not json"));
    }
}
