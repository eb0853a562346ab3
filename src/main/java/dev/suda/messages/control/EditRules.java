package dev.suda.messages.control;

import dev.suda.platform.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who may edit a message, and until when: its author alone, while the edit window is open. Unlike deletion, rank
 * gives no right to edit: an owner or admin who could change another's words could put words in their mouth.
 */
public final class EditRules {

    private EditRules() {
    }

    /** Empty when the caller may edit the message now, else why not. */
    public static Optional<ProblemException> refusal(long callerId, long senderId, boolean userMessage, Instant createdAt,
                                                     Instant now, Duration window) {
        if (!userMessage || callerId != senderId) {
            return Optional.of(ProblemException.forbidden("not_author", "Only its author may edit a message"));
        }
        if (now.isAfter(createdAt.plus(window))) {
            return Optional.of(ProblemException.forbidden("edit_window_closed",
                    "A message may be edited for " + window.toMinutes() + " minutes after it was sent"));
        }
        return Optional.empty();
    }
}
