package nl.leerkring.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Quartz's job threads: none before a job, at most the count at once, and a wait for a free one. */
class IdleEndingThreadsTest {

    @Test
    void noThreadUntilAJobComesAndNoMoreJobsAtOnceThanTheCount() throws Exception {
        QuartzScheduler.IdleEndingThreads pool = new QuartzScheduler.IdleEndingThreads();
        pool.setInstanceName("idle-ending-test");
        pool.setThreadCount(2);
        pool.initialize();
        assertFalse(workerRuns(), "no job thread before the first job");
        assertEquals(2, pool.blockForAvailableThreads());

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            assertTrue(pool.runInThread(() -> {
                started.countDown();
                await(release);
            }));
        }
        assertTrue(started.await(5, TimeUnit.SECONDS), "both jobs run at once");
        assertTrue(workerRuns());

        // a third waits until one of the two is done
        AtomicBoolean third = new AtomicBoolean();
        Thread handing = new Thread(() -> pool.runInThread(() -> third.set(true)));
        handing.start();
        handing.join(300);
        assertTrue(handing.isAlive(), "no third thread while two jobs run");
        release.countDown();
        handing.join(5_000);
        pool.shutdown(true);
        assertTrue(third.get(), "the third ran once a thread was free");
        assertEquals(0, pool.blockForAvailableThreads(), "none after the shutdown");
        assertFalse(pool.runInThread(() -> { }), "nothing is taken after the shutdown");
    }

    private static boolean workerRuns() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("idle-ending-test_Worker-"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
