package nl.leerkring.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.leerkring.delivery.Outbox;
import org.jdbi.v3.core.Jdbi;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily clean-up of what is only kept for a while: seen event ids (retries come within
 * minutes) and the text of messages already delivered.
 */
@DisallowConcurrentExecution
public final class Housekeeping implements Job {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration KEEP_EVENT_IDS = Duration.ofDays(2);
    static final Duration KEEP_SENT_MESSAGES = Duration.ofDays(7);

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;

    public Housekeeping(Jdbi jdbi, Outbox outbox, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void execute(JobExecutionContext context) {
        run();
    }

    public void run() {
        Instant now = clock.instant();
        int events = jdbi.withHandle(h -> h.createUpdate("DELETE FROM inbound_event WHERE received_at < :before")
                .bind("before", now.minus(KEEP_EVENT_IDS)).execute());
        int messages = outbox.pruneSent(now.minus(KEEP_SENT_MESSAGES));
        log.info("Housekeeping: forgot {} event id(s) and {} delivered message(s)", events, messages);
    }
}
