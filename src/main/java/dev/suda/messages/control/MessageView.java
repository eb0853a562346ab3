package dev.suda.messages.control;

import dev.suda.membership.entity.Role;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import dev.suda.files.control.FileView;
import dev.suda.reactions.control.ReactionCount;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A message as clients see it (§8), absent values as null; {@code kind} is USER or SYSTEM; the sender's role is its
 * role in the room now. {@code replyTo} quotes the message it answers, {@code reactions} count its emoji, {@code editedAt} marks an edit,
 * {@code mentions} are the ids of the members its {@code @name}s named when it was sent or last edited (issue 33).
 */
@JsonbNillable
@Schema(name = "Message")
@JsonbPropertyOrder({"id", "roomId", "sender", "content", "kind", "clientMsgId", "createdAt", "attachments", "replyTo",
        "reactions", "editedAt", "mentions"})
public record MessageView(long id, long roomId, Sender sender, String content, String kind, String clientMsgId,
                          Instant createdAt, List<FileView> attachments, Quote replyTo, List<ReactionCount> reactions,
                          @Schema(description = "When the author last edited the text; null if never") Instant editedAt,
                          @Schema(description = "The ids of the room members the text mentions (@name, resolved when the"
                                  + " message was sent or last edited); empty if none") List<Long> mentions) {

    /** A new message: no files, it answers none, has no reactions, was never edited and mentions nobody. */
    public MessageView(long id, long roomId, Sender sender, String content, String kind, String clientMsgId, Instant createdAt) {
        this(id, roomId, sender, content, kind, clientMsgId, createdAt, List.of(), null, List.of(), null, List.of());
    }

    /** The same message with these files. */
    public MessageView withAttachments(List<FileView> files) {
        return new MessageView(id, roomId, sender, content, kind, clientMsgId, createdAt, files, replyTo, reactions, editedAt, mentions);
    }

    /** The same message, answering the quoted one. */
    public MessageView withReplyTo(Quote quote) {
        return new MessageView(id, roomId, sender, content, kind, clientMsgId, createdAt, attachments, quote, reactions, editedAt, mentions);
    }

    /** The same message with these reactions (as its reader sees them). */
    public MessageView withReactions(List<ReactionCount> counts) {
        return new MessageView(id, roomId, sender, content, kind, clientMsgId, createdAt, attachments, replyTo, counts, editedAt, mentions);
    }

    /** The same message, last edited then. */
    public MessageView withEditedAt(Instant edited) {
        return new MessageView(id, roomId, sender, content, kind, clientMsgId, createdAt, attachments, replyTo, reactions, edited, mentions);
    }

    /** The same message, mentioning these users. */
    public MessageView withMentions(List<Long> userIds) {
        return new MessageView(id, roomId, sender, content, kind, clientMsgId, createdAt, attachments, replyTo, reactions,
                editedAt, userIds);
    }

    @Schema(name = "Sender")
    @JsonbPropertyOrder({"id", "display", "role"})
    public record Sender(long id, String display, Role role) {
    }

    /**
     * What a reply shows of its original: who wrote it and how it begins, read when the reply is shown (so an
     * edit of the original shows), or {@code deleted} with no sender and no excerpt once the original is gone.
     */
    @JsonbNillable
    @Schema(name = "Quote")
    @JsonbPropertyOrder({"id", "senderId", "senderDisplay", "excerpt", "deleted"})
    public record Quote(long id, Long senderId, String senderDisplay,
                        @Schema(description = "The first " + Replies.EXCERPT + " characters, with … when cut") String excerpt,
                        boolean deleted) {
    }
}
