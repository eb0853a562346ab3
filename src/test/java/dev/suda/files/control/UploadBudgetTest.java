package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A node's budget of upload bytes a second. */
class UploadBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anEighthOfASecondsWorthGoesAtOnceThenReadersWaitForTheirShare() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        UploadBudget budget = new UploadBudget(1_000_000, now::get);
        assertEquals(0, budget.reserve(125_000), "a burst of an eighth of a second's worth waits for nothing");
        assertEquals(SECOND / 2, budget.reserve(500_000), "beyond it, half a second for half a second's bytes");
        assertEquals(SECOND, budget.reserve(500_000), "uploads share the one budget: the next waits behind");
        now.addAndGet(SECOND);
        assertEquals(0, budget.reserve(0));
        assertEquals(SECOND / 10, budget.reserve(100_000), "time passing pays for what was reserved");
    }

    @Test
    void anIdleBudgetRefillsNoFurtherThanAnEighthOfASecond() {
        AtomicLong now = new AtomicLong(0);
        UploadBudget budget = new UploadBudget(8_000, now::get);
        now.addAndGet(3600 * SECOND);
        assertEquals(0, budget.reserve(1_000));
        assertEquals(SECOND / 8, budget.reserve(1_000), "an hour of quiet does not buy an hour's bytes");
    }

    @Test
    void noBudgetReadsAsFastAsTheBytesCome() throws Exception {
        UploadBudget none = new UploadBudget(0);
        assertEquals(0, none.reserve(Long.MAX_VALUE / 1000));
        InputStream in = new ByteArrayInputStream(new byte[10]);
        assertEquals(in, none.metered(in), "the stream as it is");
    }

    @Test
    void aMeteredStreamReadsEveryByte() throws Exception {
        UploadBudget budget = new UploadBudget(100_000_000);
        byte[] bytes = new byte[300_000];
        bytes[299_999] = 7;
        try (InputStream in = budget.metered(new ByteArrayInputStream(bytes))) {
            byte[] read = in.readAllBytes();
            assertEquals(300_000, read.length);
            assertEquals(7, read[299_999]);
        }
    }
}
