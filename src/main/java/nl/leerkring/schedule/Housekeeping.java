package nl.leerkring.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.leerkring.core.feedback.FeedbackStore;
import nl.leerkring.core.flow.FlowStore;
import nl.leerkring.core.session.AssignmentAnswers;
import nl.leerkring.delivery.Outbox;
import org.jdbi.v3.core.Jdbi;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily clean-up of what is only kept for a while: seen event ids (retries come within
 * minutes), the text of messages already delivered, and after their retention periods the
 * confidential contributions to case discussions (their reports and action items stay), the
 * answers to assignments that were shared, and the text and named giver of feedback (the counts
 * stay), with feedback drafts nobody finished.
 */
@DisallowConcurrentExecution
public final class Housekeeping implements Job {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration KEEP_EVENT_IDS = Duration.ofDays(2);
    static final Duration KEEP_SENT_MESSAGES = Duration.ofDays(7);

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;
    private final int retentionDays;
    private final int feedbackRetentionDays;

    /**
     * @param retentionDays after how many days a case's raw contributions are deleted
     * @param feedbackRetentionDays after how many days a received feedback text is forgotten
     */
    public Housekeeping(Jdbi jdbi, Outbox outbox, Clock clock, int retentionDays, int feedbackRetentionDays) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.feedbackRetentionDays = feedbackRetentionDays;
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
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        int contributions = jdbi.withHandle(h -> FlowStore.deleteContributionsBefore(h, cutoff));
        int answers = jdbi.withHandle(h -> AssignmentAnswers.deleteSharedBefore(h, cutoff));
        int feedback = jdbi.inTransaction(h -> FeedbackStore.expire(h, now.minus(Duration.ofDays(feedbackRetentionDays)), now));
        log.info("Housekeeping: forgot {} event id(s), {} delivered message(s), {} case contribution(s), {} assignment answer(s)"
                + " and {} feedback text(s)", events, messages, contributions, answers, feedback);
    }
}
