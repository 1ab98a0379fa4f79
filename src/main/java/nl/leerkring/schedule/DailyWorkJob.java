package nl.leerkring.schedule;

import java.time.Clock;
import java.util.Map;
import nl.leerkring.core.Bot;
import nl.leerkring.core.feature.DailyWork;
import org.jdbi.v3.core.Jdbi;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feature's daily work came due: read what is due, then hand each event to the bot, so each
 * is handled (and its messages written to the outbox) in its own transaction.
 */
@DisallowConcurrentExecution
public final class DailyWorkJob implements Job {

    static final String WORK = "work";
    private static final Logger log = LoggerFactory.getLogger(DailyWorkJob.class);

    private final Jdbi jdbi;
    private final Bot bot;
    private final Clock clock;
    private final Map<String, DailyWork> works;

    public DailyWorkJob(Jdbi jdbi, Bot bot, Clock clock, Map<String, DailyWork> works) {
        this.jdbi = jdbi;
        this.bot = bot;
        this.clock = clock;
        this.works = works;
    }

    /** The job that does one feature's daily work. */
    public static JobBuilder doing(String workName) {
        return JobBuilder.newJob(DailyWorkJob.class).usingJobData(WORK, workName);
    }

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getMergedJobDataMap().getString(WORK);
        DailyWork work = works.get(name);
        if (work == null) {
            log.warn("No feature does the daily work '{}' any more; skipped", name);
            return;
        }
        run(work);
    }

    /** Runs one work now, as the scheduler does. */
    public void run(DailyWork work) {
        jdbi.withHandle(h -> work.work().due(h, clock.instant())).forEach(bot::handle);
    }
}
