package dev.suda.messages.control;

import dev.suda.membership.entity.Role;
import dev.suda.messages.entity.Message;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import dev.suda.rooms.control.Rooms;
import dev.suda.rooms.entity.Room;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Stores one message and announces it. Joins the caller's transaction (system messages of a join) or starts
 * one (a post, which runs outside any transaction so that a failed insert can be followed by a read).
 */
@ApplicationScoped
@Transactional
public class MessageStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<MessageCreated> created;

    @Inject
    Rooms rooms;

    /**
     * Stores a message under its room's row lock, held to commit: a room's messages then commit in id order, so
     * a reader that has seen message N has every earlier one of the room committed too (gap-free resume).
     */
    public MessageView insert(Message message, User sender, Role role) {
        Room room = rooms.lock(message.getRoomId());
        long previousId = room.getLastMessageId();
        em.persist(message);
        em.flush();
        room.setLastMessageId(message.getId());
        MessageView view = view(message, sender, role);
        created.fire(new MessageCreated(view, previousId));
        return view;
    }

    static MessageView view(Message message, User sender, Role role) {
        return new MessageView(message.getId(), message.getRoomId(),
                new MessageView.Sender(sender.getId(), sender.display(), role),
                message.getContent(), message.getKind().name(), message.getClientMsgId(), message.getCreatedAt());
    }
}
