package dev.suda.messages.control;

import dev.suda.auth.control.Caller;
import dev.suda.files.control.Files;
import dev.suda.moderation.control.PostingRules;
import dev.suda.platform.Outages;
import dev.suda.platform.ProblemException;
import dev.suda.realtime.control.Writers;
import dev.suda.rooms.control.Rooms;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes posted messages in batches: whatever posts arrived while the last batch was committing go into the next
 * one, in one transaction. Under load a post then costs a share of one commit (one flush of the database log) and
 * of each room's row lock, instead of its own; when it is quiet a batch holds a single post and waits for nothing.
 * A post completes (and so is acknowledged) only after its batch committed.
 *
 * <p>A batch asks the {@link PostingRules} about all its posts at once, just before storing them (one round trip to
 * the shared state instead of one a post), and stores only those they let through. Until then a post only waits:
 * each user may have at most {@code messages.per.second} posts waiting on a node, so a flood is refused at once and
 * never fills the queue that every room shares.
 *
 * <p>Each room has one writer thread (rooms are spread over {@code messages.writers} of them), so a room's posts
 * are stored in the order they arrived and two writers never wait for one room's lock. Callers do not wait on a
 * thread of their own: a post is a future, completed on the managed executor once its batch committed.
 *
 * <p>By default there is one writer per processor the JVM may use. A writer spends most of a batch waiting on the
 * database, and the posts that arrive meanwhile make the next batch bigger, so a second writer on the same core
 * only halves the batches: each batch's round trips, commit and hand-offs are then shared by half as many posts.
 * On one core, two writers cost 8% more CPU a message than one at 3,000 messages/s (bench c).
 */
@ApplicationScoped
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class.getName());

    /** One post waiting for its batch. */
    public record Post(Caller caller, long roomId, String text, String clientMsgId, List<Long> attachments,
                       MessageView.Quote replyTo,
                       CompletableFuture<Messages.Posted> result) {
    }

    @Inject
    MessageStore store;

    @Inject
    Rooms rooms;

    @Inject
    Writers sockets;

    @Inject
    PostingRules rules;

    /** A user may post this many in a second, so no more of theirs wait to be stored. */
    @Inject
    @ConfigProperty(name = "messages.per.second", defaultValue = "10")
    int messagesPerSecond;

    /** 0: one per available processor. */
    @Inject
    @ConfigProperty(name = "messages.writers", defaultValue = "0")
    int writers;

    @Inject
    @ConfigProperty(name = "messages.batch.max", defaultValue = "200")
    int batchMax;

    @Inject
    @ConfigProperty(name = "messages.queue.max", defaultValue = "20000")
    int queueMax;

    @Inject
    @ConfigProperty(name = "messages.write.timeout.seconds", defaultValue = "30")
    int timeoutSeconds;

    @Resource
    ManagedThreadFactory threads;

    /** Completes posts, so that what waits on them (a REST response, a socket's ack) never runs on a writer. */
    @Resource
    ManagedExecutorService completions;

    private final List<BlockingQueue<Post>> queues = new ArrayList<>();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;
    private WaitingPosts waiting;

    void start(@Observes Startup startup) {
        waiting = new WaitingPosts(messagesPerSecond);
        int count = writers > 0 ? writers : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < count; i++) {
            BlockingQueue<Post> queue = new ArrayBlockingQueue<>(queueMax);
            Thread thread = threads.newThread(() -> writeBatches(queue));
            thread.setName("suda-message-writer-" + i);
            queues.add(queue);
            running.add(thread);
        }
        running.forEach(Thread::start);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        running.forEach(Thread::interrupt);
        for (BlockingQueue<Post> queue : queues) {
            List<Post> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(post -> post.result().completeExceptionally(busy()));
        }
    }

    /**
     * Queues the post for its room's next batch. The future completes after the commit with the message, or fails
     * with a {@link ProblemException} (refused by the posting rules, too many of the user's posts waiting, busy, or
     * not confirmed in time).
     */
    public CompletableFuture<Messages.Posted> submit(Caller caller, long roomId, String text, String clientMsgId) {
        return submit(caller, roomId, text, clientMsgId, List.of(), null);
    }

    /**
     * As {@link #submit(Caller, long, String, String)}, with files to attach (checked by {@code Files} already) and
     * the quote of the message it answers, if any.
     */
    public CompletableFuture<Messages.Posted> submit(Caller caller, long roomId, String text, String clientMsgId,
                                                     List<Long> attachments, MessageView.Quote replyTo) {
        long userId = caller.userId();
        if (stopping || queues.isEmpty()) {
            return CompletableFuture.failedFuture(busy());
        }
        if (!waiting.enter(userId)) {
            return CompletableFuture.failedFuture(ProblemException.tooManyRequests("rate_limited",
                    "Too many of your messages are waiting to be stored; slow down"));
        }
        Post post = new Post(caller, roomId, text, clientMsgId, attachments, replyTo, new CompletableFuture<>());
        if (!queues.get(Math.floorMod(roomId, queues.size())).offer(post)) {
            waiting.leave(userId);
            return CompletableFuture.failedFuture(busy());
        }
        CompletableFuture<Messages.Posted> outcome = new CompletableFuture<>();
        post.result().orTimeout(timeoutSeconds, TimeUnit.SECONDS).whenComplete((posted, failure) -> {
            waiting.leave(userId);
            if (failure == null) {
                outcome.complete(posted);
            } else if (failure instanceof TimeoutException) {
                // the post may still commit: a resend with the same clientMsgId gets it back, never a second copy
                outcome.completeExceptionally(ProblemException.unavailable(
                        "The message could not be confirmed in time; send it again with the same clientMsgId"));
            } else {
                outcome.completeExceptionally(failure);
            }
        });
        return outcome;
    }

    private void writeBatches(BlockingQueue<Post> queue) {
        List<Post> batch = new ArrayList<>(batchMax);
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException stop) {
                return;
            }
            queue.drainTo(batch, batchMax - 1);
            List<Post> taken = List.copyOf(batch);
            batch.clear();
            try {
                List<Runnable> completed = new ArrayList<>(taken.size());
                List<Post> admitted = admit(taken, completed);
                if (!admitted.isEmpty()) {
                    completed.addAll(write(admitted));
                }
                completions.execute(() -> {
                    // the acks go to the sockets' writers in one hand-off, ahead of the fan-outs that wait their turn
                    try (var acks = sockets.personal()) {
                        completed.forEach(Runnable::run);
                    }
                });
            } catch (RuntimeException | Error unexpected) {
                // Redis or the database away: each post fails as unavailable, nothing of it was stored, and the
                // client sends it again with the same clientMsgId (stored once); the outage is logged by Outages
                Optional<ProblemException> unavailable = Outages.asUnavailable(unexpected);
                if (unavailable.isEmpty()) {
                    LOG.log(Level.SEVERE, "A batch of messages failed", unexpected);
                }
                Throwable failure = unavailable.isPresent() ? unavailable.get() : unexpected;
                taken.forEach(post -> post.result().completeExceptionally(failure));
            }
        }
    }

    /** The posts of a batch that the posting rules let through, in order; how to refuse the others joins {@code completed}. */
    private List<Post> admit(List<Post> posts, List<Runnable> completed) {
        List<Optional<ProblemException>> refusals = rules.check(posts.stream()
                .map(post -> new PostingRules.Attempt(post.caller().userId(), post.roomId())).toList());
        List<Post> admitted = new ArrayList<>(posts.size());
        for (int i = 0; i < posts.size(); i++) {
            Post post = posts.get(i);
            Optional<ProblemException> refusal = refusals.get(i);
            if (refusal.isPresent()) {
                completed.add(() -> post.result().completeExceptionally(refusal.get()));
            } else {
                admitted.add(post);
            }
        }
        return admitted;
    }

    /** Stores the batch; returns how to complete each post. */
    private List<Runnable> write(List<Post> batch) {
        List<MessageStore.Outcome> outcomes;
        try {
            outcomes = store.postAll(batch, false);
        } catch (PersistenceException | TransactionalException first) {
            try {
                // most likely a resend, whose clientMsgId is stored already: once more, looking for resends first
                LOG.log(Level.FINE, "A batch of messages rolled back; writing it again, looking for resends", first);
                outcomes = store.postAll(batch, true);
            } catch (PersistenceException | TransactionalException failed) {
                // One post broke the batch (say, the same clientMsgId raced in from another node): each alone, so
                // that only that one fails, or finds the winner.
                LOG.log(Level.FINE, "A batch of messages rolled back again; writing them one by one", failed);
                return batch.stream().map(this::writeAlone).toList();
            }
        }
        List<Runnable> completed = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            completed.add(completion(batch.get(i), outcomes.get(i)));
        }
        return completed;
    }

    private Runnable writeAlone(Post post) {
        CompletableFuture<Messages.Posted> result = post.result();
        try {
            return completion(post, store.postAll(List.of(post), true).get(0));
        } catch (PersistenceException | TransactionalException failed) {
            if (Files.attachmentTaken(failed)) {
                return () -> result.completeExceptionally(ProblemException.conflict("attachment_taken",
                        "A file of this message was sent with another message meanwhile"));
            }
            try {
                Optional<Messages.Posted> winner = store.earlier(post.caller().userId(), post.clientMsgId());
                if (winner.isPresent()) {
                    return () -> result.complete(winner.get());
                }
                rooms.require(post.roomId());
                return () -> result.completeExceptionally(failed);
            } catch (RuntimeException refused) {
                return () -> result.completeExceptionally(refused);
            }
        } catch (RuntimeException refused) {
            return () -> result.completeExceptionally(refused);
        }
    }

    private static Runnable completion(Post post, MessageStore.Outcome outcome) {
        return outcome.refused() != null
                ? () -> post.result().completeExceptionally(outcome.refused())
                : () -> post.result().complete(outcome.posted());
    }

    private static ProblemException busy() {
        return ProblemException.unavailable("Too many messages are waiting to be stored; try again shortly");
    }
}
