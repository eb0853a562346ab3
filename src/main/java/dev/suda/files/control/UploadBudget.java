package dev.suda.files.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The bytes a second a node reads of its uploads, all of them together: uploads arriving faster are read more
 * slowly (their senders wait in the network), so a burst of uploads cannot take the core, or the database's log,
 * from the posts beside them. A bucket that holds an eighth of a second's worth (1 MiB at the default 8 MiB/s): a
 * photo goes at full speed, and a crowd of uploads starting together does not take the database's disk for the first
 * second (posts then waited 20 to 44 ms against 8 alone, with a second's worth).
 */
public final class UploadBudget {

    private final long nanosPerByte100;   // hundredths of a nanosecond a byte, so that fast budgets keep their precision
    private final long burstNanos;
    private final LongSupplier clock;
    /** When the bytes reserved so far have all been paid for; guarded by this. */
    private long paidUntil;

    /** {@code bytesPerSecond} 0 or less: no budget. */
    public UploadBudget(long bytesPerSecond, LongSupplier clock) {
        this.nanosPerByte100 = bytesPerSecond <= 0 ? 0 : Math.max(1, 100_000_000_000L / bytesPerSecond);
        this.burstNanos = TimeUnit.SECONDS.toNanos(1) / 8;
        this.clock = clock;
        this.paidUntil = clock.getAsLong() - burstNanos;
    }

    public UploadBudget(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    /** Reserves {@code bytes} and returns how long the reader must wait before it may have them (nanoseconds). */
    public synchronized long reserve(long bytes) {
        if (nanosPerByte100 == 0 || bytes <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        paidUntil = Math.max(paidUntil, now - burstNanos) + bytes * nanosPerByte100 / 100;
        return Math.max(0, paidUntil - now);
    }

    /** {@code in}, read within this budget. */
    public InputStream metered(InputStream in) {
        if (nanosPerByte100 == 0) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    pay(1);
                }
                return b;
            }

            @Override
            public int read(byte[] into, int off, int len) throws IOException {
                int n = super.read(into, off, len);
                if (n > 0) {
                    pay(n);
                }
                return n;
            }
        };
    }

    private void pay(long bytes) throws InterruptedIOException {
        long wait = reserve(bytes);
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("upload interrupted");
            }
        }
    }
}
