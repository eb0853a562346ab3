package dev.suda.messages.control;

import dev.suda.auth.control.Caller;
import dev.suda.files.control.Files;
import dev.suda.mentions.control.Mentions;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.entity.Role;
import dev.suda.messages.entity.Message;
import dev.suda.moderation.control.AuditLog;
import dev.suda.moderation.control.Moderated;
import dev.suda.moderation.control.Sanctions;
import dev.suda.platform.ProblemException;
import dev.suda.reactions.control.Reactions;
import dev.suda.rooms.control.Rooms;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Edits: the author changes a message's text within {@code edit.window.minutes} (EDIT_WINDOW_MINUTES) of sending
 * it; the earlier text goes to the audit log in the same transaction, and {@link MessageEdited} follows the commit.
 */
@ApplicationScoped
// a refusal comes before any change, so it need not roll back (and is then no incident for the container to record)
@Transactional(dontRollbackOn = ProblemException.class)
public class MessageEdits {

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    Sanctions sanctions;

    @Inject
    AuditLog audit;

    @Inject
    Replies replies;

    @Inject
    Reactions reactions;

    @Inject
    Event<MessageEdited> edited;

    @Inject
    Files files;

    @Inject
    Mentions mentions;

    @Inject
    @ConfigProperty(name = "edit.window.minutes", defaultValue = "60")
    long windowMinutes;

    /**
     * Replaces the text of the caller's own message of the room. A banned author is refused by {@link Moderated}, a
     * muted one here, as a mute stops posting; the same text again changes nothing. Returns the message as the caller
     * sees it.
     */
    @Moderated
    public MessageView edit(Caller caller, long roomId, long messageId, String content) {
        String text = MessageContent.check(content);
        Message message = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
        if (message == null || message.getRoomId() != roomId) {
            throw ProblemException.notFound("No message " + messageId + " in room " + roomId);
        }
        EditRules.refusal(caller.userId(), message.getSenderId(), message.getKind() == Message.Kind.USER,
                message.getCreatedAt(), Instant.now(), Duration.ofMinutes(windowMinutes)).ifPresent(refusal -> {
                    throw refusal;
                });
        if (memberships.active(roomId, caller.userId()).isEmpty()) {
            throw ProblemException.forbidden("not_member", "Join the room to edit your messages in it");
        }
        sanctions.inForce(Sanctions.Kind.MUTE, roomId, caller.userId()).ifPresent(mute -> {
            throw mute.refusal();
        });
        if (!text.equals(message.getContent())) {
            audit.recordMessage(roomId, caller.userId(), message.getSenderId(), "MESSAGE_EDIT", messageId, message.getContent());
            message.edit(text);
            List<Long> mentioned = mentions.replace(new Mentions.Text(messageId, roomId, message.getSenderId(), text));
            edited.fire(new MessageEdited(roomId, messageId, text, message.getEditedAt(), mentioned));
        }
        User sender = users.require(message.getSenderId());
        Role role = memberships.roles(rooms.require(roomId), List.of(sender)).get(sender.getId());
        return MessageStore.view(message, sender, role)
                .withAttachments(files.ofMessages(List.of(messageId)).getOrDefault(messageId, List.of()))
                .withReplyTo(message.getReplyToId() == null ? null
                        : replies.quotes(List.of(message.getReplyToId())).get(message.getReplyToId()))
                .withReactions(reactions.of(List.of(messageId), caller.userId()).getOrDefault(messageId, List.of()))
                .withMentions(mentions.of(List.of(messageId)).getOrDefault(messageId, List.of()));
    }
}
