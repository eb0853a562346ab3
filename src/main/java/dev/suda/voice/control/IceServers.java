package dev.suda.voice.control;

import dev.suda.platform.JsonText;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The STUN and TURN servers a browser uses to reach the others in voice, from {@code ice.servers} (a JSON list in
 * the shape of {@code RTCIceServer}: {@code urls}, and {@code username}/{@code credential} for TURN). A TURN entry
 * without a username gets short-lived credentials per user when {@code turn.secret} is set, by the TURN REST API
 * scheme coturn checks with {@code use-auth-secret}: the username is {@code <expiry in epoch seconds>:<user id>},
 * the credential base64(HMAC-SHA1(secret, username)). Nothing is built in: without configuration the list is empty
 * and browsers connect over their own addresses only (a LAN, or one host).
 */
@ApplicationScoped
public class IceServers {

    private static final Logger LOG = Logger.getLogger(IceServers.class.getName());

    @Inject
    @ConfigProperty(name = "ice.servers", defaultValue = "[]")
    String configured;

    @Inject
    @ConfigProperty(name = "turn.secret")
    Optional<String> secret; // MicroProfile Config reads an empty value as missing, so unset is Optional.empty


    @Inject
    @ConfigProperty(name = "turn.ttl.seconds", defaultValue = "3600")
    long ttlSeconds;

    private JsonArray servers;

    @PostConstruct
    void read() {
        servers = parse(configured);
        if (secret.orElse("").isBlank() && servers.stream().map(JsonValue::asJsonObject)
                .anyMatch(s -> isTurn(s) && !s.containsKey("username"))) {
            LOG.warning("ice.servers lists a TURN server without credentials and turn.secret is not set");
        }
    }

    /** The list for one user now, TURN credentials derived for them where the configuration leaves them out. */
    public JsonArray forUser(long userId) {
        return forUser(servers, secret.orElse(""), Duration.ofSeconds(ttlSeconds), userId, Instant.now());
    }

    /** Refuses configuration that is not a JSON list of objects with {@code urls}, saying what is wrong. */
    static JsonArray parse(String json) {
        JsonValue value;
        try (JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(json == null || json.isBlank() ? "[]" : json))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new IllegalArgumentException("ice.servers is not valid JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof JsonArray list)) {
            throw new IllegalArgumentException("ice.servers must be a JSON list of {urls, username?, credential?}");
        }
        for (JsonValue entry : list) {
            if (!(entry instanceof JsonObject server) || urls(server).isEmpty()) {
                throw new IllegalArgumentException("Every entry of ice.servers needs urls (a string or a list): " + entry);
            }
        }
        return list;
    }

    static JsonArray forUser(JsonArray servers, String secret, Duration ttl, long userId, Instant now) {
        JsonArrayBuilder out = JsonText.PROVIDER.createArrayBuilder();
        for (JsonValue entry : servers) {
            JsonObject server = entry.asJsonObject();
            if (isTurn(server) && !server.containsKey("username") && secret != null && !secret.isBlank()) {
                String username = (now.plus(ttl).getEpochSecond()) + ":" + userId;
                JsonObjectBuilder derived = JsonText.PROVIDER.createObjectBuilder(server)
                        .add("username", username).add("credential", credential(secret, username));
                out.add(derived);
            } else {
                out.add(server);
            }
        }
        return out.build();
    }

    /** base64(HMAC-SHA1(secret, username)): the password coturn expects for a TURN REST API username. */
    public static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    private static boolean isTurn(JsonObject server) {
        return urls(server).stream().anyMatch(u -> u.startsWith("turn:") || u.startsWith("turns:"));
    }

    private static List<String> urls(JsonObject server) {
        JsonValue urls = server.get("urls");
        if (urls instanceof JsonString one) {
            return List.of(one.getString());
        }
        if (urls instanceof JsonArray many) {
            return many.stream().filter(JsonString.class::isInstance).map(u -> ((JsonString) u).getString()).toList();
        }
        return List.of();
    }
}
