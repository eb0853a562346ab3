package it.dev.suda.fault;

import java.util.concurrent.Callable;

/** Bounded polls: the machine is shared and loaded, so the suite waits for states, never for fixed times. */
final class Wait {

    private Wait() {
    }

    /** Polls until the condition holds, failing with {@code what} after the given seconds. */
    static void until(String what, int seconds, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(what, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            sleep(250);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
