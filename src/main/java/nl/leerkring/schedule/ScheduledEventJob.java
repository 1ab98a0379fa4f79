package nl.leerkring.schedule;

import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.Bot;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * A moment the core asked for came due: hand it to the core as a SCHEDULED event. Its event
 * key is the job and the moment, so a job fired twice (a cluster recovering) acts once.
 */
public final class ScheduledEventJob implements Job {

    static final String PLATFORM = "platform";
    static final String WORKSPACE = "workspace";
    static final String CHANNEL = "channel";
    static final String ACTION = "action";
    static final String VALUE = "value";
    static final String DUE = "due";

    private final Bot bot;

    public ScheduledEventJob(Bot bot) {
        this.bot = bot;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        Address where = Address.channel(Platform.valueOf(data.getString(PLATFORM)), data.getString(WORKSPACE),
                data.getString(CHANNEL));
        String key = "scheduled:" + context.getJobDetail().getKey().getName() + "@" + data.getLong(DUE);
        bot.handle(InboundEvent.scheduled(key, where, data.getString(ACTION), data.getString(VALUE)));
    }
}
