package dev.suda.platform;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider of the application. {@code Json.createReader} and friends look the provider up on every
 * call, and inside Liberty each lookup first fails a class load (a ClassNotFoundException with its stack trace),
 * which cost more than the JSON work itself on every frame and fan-out envelope.
 */
public final class JsonText {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonText() {
    }
}
