package it.dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The conventions of Suda's OpenAPI document (README, "API conventions"), checked on the document the server
 * serves, so that an endpoint added without them fails the build; and that the committed openapi/suda.json,
 * from which the test client is generated, is that document.
 */
class OpenApiDocumentIT {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** HTTP/1.1 as a generated client speaks it (Liberty and the JDK client's h2c upgrade do not get along). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonObject SERVED = served();

    record Operation(String method, String path, JsonObject spec) {
        String name() {
            return method.toUpperCase() + " " + path;
        }

        boolean isPublic() {
            return spec.containsKey("security") && spec.getJsonArray("security").isEmpty();
        }
    }

    private static JsonObject served() {
        Api.Reply reply = Api.get("/openapi?format=JSON", null);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        SERVED.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, spec) -> {
            if (METHODS.contains(method)) {
                operations.add(new Operation(method, path, spec.asJsonObject()));
            }
        }));
        assertFalse(operations.isEmpty(), "the document lists operations");
        return operations;
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        Path committed = Path.of(System.getProperty("basedir", "."), "openapi", "suda.json");
        JsonObject file;
        try (Reader text = Files.newBufferedReader(committed, StandardCharsets.UTF_8); JsonReader reader = Json.createReader(text)) {
            file = reader.readObject();
        }
        assertEquals(file, SERVED, () -> "openapi/suda.json differs from the served /openapi; run openapi/refresh.sh"
                + " and commit the file. JSON Patch from the file to the served document: " + Json.createDiff(file, SERVED));
    }

    @Test
    void everyOperationHasAUniqueOperationIdNamedForWhatItDoes() {
        Map<String, List<String>> byId = new HashMap<>();
        for (Operation operation : operations()) {
            String id = operation.spec().getString("operationId", "");
            assertTrue(id.matches("[a-z][A-Za-z0-9]+"), operation.name() + " needs an operationId in lowerCamelCase, has '" + id + "'");
            byId.computeIfAbsent(id, ignored -> new ArrayList<>()).add(operation.name());
            assertFalse(operation.spec().getString("summary", "").isBlank(), operation.name() + " needs a summary");
        }
        byId.forEach((id, users) -> assertEquals(1, users.size(), "operationId " + id + " is used by " + users));
    }

    /** The Accept header a generated client sends: every media type the operation's responses declare. */
    private static String accepted(Operation operation) {
        Set<String> types = new TreeSet<>();
        operation.spec().getJsonObject("responses").values().forEach(response -> {
            if (response.asJsonObject().containsKey("content")) {
                types.addAll(response.asJsonObject().getJsonObject("content").keySet());
            }
        });
        return String.join(", ", types);
    }

    private static Api.Reply callAsAGeneratedClient(Operation operation) throws IOException, InterruptedException {
        String path = operation.path().replaceAll("\\{[^}]+}", "1");
        boolean withBody = operation.spec().containsKey("requestBody");
        // the body in the first media type the operation takes, as its client would send it (an upload: multipart)
        boolean multipart = withBody && operation.spec().getJsonObject("requestBody").getJsonObject("content")
                .containsKey("multipart/form-data");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + path))
                .header("X-Forwarded-For", Api.ADDRESS)
                .header("Accept", accepted(operation))
                .timeout(Duration.ofSeconds(60))
                .method(operation.method().toUpperCase(), !withBody ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(multipart ? "--suda--\r\n" : "{}"));
        if (withBody) {
            request.header("Content-Type", multipart ? "multipart/form-data; boundary=suda" : "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Api.Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    @Test
    void everyNonPublicOperationRefusesACallWithoutAToken() throws Exception {
        assertEquals(JsonValue.ValueType.ARRAY, SERVED.get("security").getValueType(), "a default security requirement");
        for (Operation operation : operations()) {
            Api.Reply reply = callAsAGeneratedClient(operation);
            assertNotEquals(406, reply.status(), operation.name() + " refuses the Accept header its own description implies ("
                    + accepted(operation) + "): an operation without a body still @Produces the problem media type");
            if (operation.isPublic()) {
                assertNotEquals(401, reply.status(), operation.name() + " declares security: [] but wants a token: " + reply);
            } else {
                assertEquals(401, reply.status(), operation.name() + " needs a token (or @PermitAll and an empty"
                        + " @SecurityRequirements), yet without one: " + reply);
                assertTrue(reply.contentType().startsWith("application/problem+json"), reply::toString);
            }
        }
        assertTrue(operations().stream().anyMatch(Operation::isPublic), "login and registration are public");
    }

    @Test
    void everyTagUsedIsDescribed() {
        Map<String, String> described = SERVED.getJsonArray("tags").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(tag -> tag.getString("name"), tag -> tag.getString("description", "")));
        for (Operation operation : operations()) {
            assertTrue(operation.spec().containsKey("tags") && !operation.spec().getJsonArray("tags").isEmpty(),
                    operation.name() + " has no tag");
            for (JsonString tag : operation.spec().getJsonArray("tags").getValuesAs(JsonString.class)) {
                assertFalse(described.getOrDefault(tag.getString(), "").isBlank(),
                        "tag '" + tag.getString() + "' of " + operation.name() + " needs a description");
            }
        }
    }

    @Test
    void noTwoPathsShareATemplate() {
        Set<String> templates = new TreeSet<>();
        for (String path : SERVED.getJsonObject("paths").keySet()) {
            assertTrue(templates.add(path.replaceAll("\\{[^}]+}", "{}")), path + " has the template of another path");
        }
    }

    @Test
    void everyOperationDescribesItsErrorsAsProblemJson() {
        for (Operation operation : operations()) {
            JsonObject responses = operation.spec().getJsonObject("responses");
            for (String status : List.of("400", "401", "403", "404", "500")) {
                assertTrue(responses.containsKey(status)
                                && responses.getJsonObject(status).getJsonObject("content").containsKey("application/problem+json"),
                        operation.name() + " should describe " + status + " as application/problem+json");
            }
        }
    }

    @Test
    void theSeedsHistoryPathStillAnswersButIsNotDocumented() {
        Api.Session owner = Api.member();
        long room = Api.post("/api/rooms", owner.token(), Json.createObjectBuilder().add("name", Api.unique("alias ")).build())
                .json().getJsonNumber("id").longValue();
        Api.Reply posted = Api.post("/api/messages", owner.token(), Json.createObjectBuilder()
                .add("roomId", room).add("content", "still reachable").add("clientMsgId", Api.unique("a")).build());
        assertEquals(201, posted.status(), posted::toString);
        assertTrue(posted.json().getString("content").equals("still reachable"));

        Api.Reply documented = Api.get("/api/rooms/" + room + "/messages?limit=10", owner.token());
        Api.Reply alias = Api.get("/api/messages/" + room + "?limit=10", owner.token());
        assertEquals(200, documented.status(), documented::toString);
        assertEquals(documented.json(), alias.json(), "the old path gives the same page");
        assertFalse(SERVED.getJsonObject("paths").getJsonObject("/api/messages/{id}").containsKey("get"),
                "the alias is not in the document");
    }
}
