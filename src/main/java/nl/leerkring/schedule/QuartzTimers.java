package nl.leerkring.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.Set;
import nl.leerkring.chat.Address;
import nl.leerkring.core.feature.Timers;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * The core's {@link Timers} on Quartz's persistent store. A moment that passed while no server
 * ran fires once as soon as one is back (misfire: fire now).
 */
public final class QuartzTimers implements Timers {

    static final String GROUP = "timers";
    private volatile QuartzScheduler scheduler;

    /** Quartz starts after the core is built; timers can be set from then on. */
    public void attach(QuartzScheduler started) {
        this.scheduler = started;
    }

    @Override
    public void schedule(String key, Instant when, Address where, String action, String value) {
        JobDataMap data = new JobDataMap();
        data.put(ScheduledEventJob.PLATFORM, where.platform().name());
        data.put(ScheduledEventJob.WORKSPACE, where.workspaceId());
        data.put(ScheduledEventJob.CHANNEL, where.channelId());
        data.put(ScheduledEventJob.ACTION, action);
        data.put(ScheduledEventJob.VALUE, value);
        data.put(ScheduledEventJob.DUE, when.toEpochMilli());
        try {
            JobKey job = JobKey.jobKey(key, GROUP);
            // replace = true: rescheduling replaces the job and its trigger, in one store transaction
            quartz().scheduleJob(JobBuilder.newJob(ScheduledEventJob.class).withIdentity(job).usingJobData(data).build(),
                    Set.of(TriggerBuilder.newTrigger().withIdentity(key, GROUP).forJob(job).startAt(Date.from(when))
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                            .build()), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(String key) {
        try {
            quartz().deleteJob(JobKey.jobKey(key, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot cancel " + key + ": " + e.getMessage(), e);
        }
    }

    private org.quartz.Scheduler quartz() {
        if (scheduler == null) {
            throw new IllegalStateException("The scheduler has not started yet");
        }
        return scheduler.quartz();
    }
}
