package dev.suda.platform;

import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Every operation can fail with the same problem JSON; rather than repeat that on each method, this filter
 * adds the error responses (with the Problem schema) to every operation in /openapi.
 */
public class OpenApiProblems implements OASFilter {

    /** Sorted by status, so that /openapi lists them in the same order on every start (openapi/suda.json is diffed). */
    private static final Map<String, String> ERRORS = new TreeMap<>(Map.of(
            "400", "Invalid input: malformed JSON or invalid fields (see errors)",
            "401", "No token, or a forged, expired or ended session",
            "403", "Not allowed for this caller (rank, ownership, ban or mute)",
            "404", "No such resource",
            "409", "Conflicts with the current state (duplicate, already done)",
            "429", "Too many requests: rate limited or login throttled",
            "500", "Unexpected server failure"));

    @Override
    public Operation filterOperation(Operation operation) {
        Content problem = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
        ERRORS.forEach((status, description) -> {
            if (operation.getResponses() == null) {
                return;
            }
            var declared = operation.getResponses().getAPIResponse(status);
            if (declared == null) {
                operation.getResponses().addAPIResponse(status,
                        OASFactory.createAPIResponse().description(description).content(problem));
            } else if (declared.getContent() == null) {
                declared.setContent(problem); // an error a resource describes in its own words is problem JSON too
            }
        });
        return operation;
    }

    @Override
    public void filterOpenAPI(org.eclipse.microprofile.openapi.models.OpenAPI openAPI) {
        if (openAPI.getComponents() != null && (openAPI.getComponents().getSchemas() == null
                || !openAPI.getComponents().getSchemas().containsKey("Problem"))) {
            Schema field = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                    .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                    .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
            openAPI.getComponents().addSchema("Problem", OASFactory.createSchema()
                    .addType(Schema.SchemaType.OBJECT)
                    .description("RFC 9457 problem details")
                    .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                    .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                    .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                    .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                    .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                    .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(field)));
        }
    }
}
