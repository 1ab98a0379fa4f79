package nl.leerkring.schedule;

import java.time.Clock;
import java.time.ZoneId;
import nl.leerkring.core.Bot;
import nl.leerkring.core.feedback.FeedbackCommands;
import org.jdbi.v3.core.Jdbi;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Every working-day morning: hands each circle's culture check to the core as a SCHEDULED
 * event, so each is handled (and its nudges written to the outbox) in its own transaction.
 */
@DisallowConcurrentExecution
public final class FeedbackCultureJob implements Job {

    private final Jdbi jdbi;
    private final Bot bot;
    private final Clock clock;
    private final ZoneId zone;

    public FeedbackCultureJob(Jdbi jdbi, Bot bot, Clock clock, ZoneId zone) {
        this.jdbi = jdbi;
        this.bot = bot;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void execute(JobExecutionContext context) {
        run();
    }

    public void run() {
        jdbi.withHandle(h -> FeedbackCommands.dailyChecks(h, clock.instant(), zone)).forEach(bot::handle);
    }
}
