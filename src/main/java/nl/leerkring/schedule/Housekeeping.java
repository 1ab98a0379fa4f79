package nl.leerkring.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.delivery.Outbox;
import org.jdbi.v3.core.Jdbi;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily clean-up of what is only kept for a while: seen event ids (retries come within
 * minutes), the text of messages already delivered or given up on, and whatever each feature's retention
 * periods say must go (case contributions, shared assignment answers, feedback texts…), each
 * feature in its own transaction.
 */
@DisallowConcurrentExecution
public final class Housekeeping implements Job {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration KEEP_EVENT_IDS = Duration.ofDays(2);
    static final Duration KEEP_SENT_MESSAGES = Duration.ofDays(7);

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;
    private final List<Feature> features;

    public Housekeeping(Jdbi jdbi, Outbox outbox, Clock clock, List<Feature> features) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
        this.features = List.copyOf(features);
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
        int failed = outbox.pruneFailed(now.minus(KEEP_SENT_MESSAGES));
        Map<String, Integer> forgotten = new LinkedHashMap<>();
        for (Feature feature : features) {
            forgotten.putAll(jdbi.inTransaction(h -> feature.forgetExpired(h, now)));
        }
        log.info("Housekeeping: forgot {} event id(s), {} delivered message(s), the text of {} undelivered one(s); {}",
                events, messages, failed, forgotten);
    }
}
