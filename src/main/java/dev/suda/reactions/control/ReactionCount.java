package dev.suda.reactions.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many reacted to a message with one emoji, and whether the reader did; in the order the emoji first came. */
@Schema(name = "Reaction")
@JsonbPropertyOrder({"emoji", "count", "mine"})
public record ReactionCount(String emoji, long count, @Schema(description = "The reader reacted with this emoji") boolean mine) {
}
