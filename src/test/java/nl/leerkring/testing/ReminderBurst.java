package nl.leerkring.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.leerkring.Leerkring;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.reminder.Reminders;

/**
 * Many reminders coming due at one moment: circles (one per member) with action items, made
 * through the bot, and one transaction that sets a reminder per action item. Each member's
 * reminders go to their Messages tab in Slack (the fake's channel is the member's id,
 * {@code UM<workspace><member>}). Used by the crash test and the delivery benchmark.
 */
public final class ReminderBurst {

    /** One action item: the circle's channel, its owner, its id. */
    public record Action(Address channel, String member, long id) {
    }

    private ReminderBurst() {
    }

    /** The member id of member {@code m} in workspace {@code w}. */
    public static String member(int w, int m) {
        return "UM%02d%02d".formatted(w, m);
    }

    /** Whether a Slack channel id is a burst member's Messages tab. */
    public static boolean isMembersTab(String channel) {
        return channel != null && channel.startsWith("UM");
    }

    /**
     * Makes {@code workspaces} × {@code members} circles, each with one member owning
     * {@code actions} action items due in 30 days, through {@code app}'s bot; then empties the
     * outbox and the timer requests the set-up wrote (its own messages and the 7- and 1-day
     * reminders), which are not part of the burst.
     */
    public static List<Action> prepare(Leerkring app, int workspaces, int members, int actions) {
        String date = LocalDate.now().plusDays(30).toString();
        List<Action> made = new ArrayList<>();
        for (int w = 0; w < workspaces; w++) {
            String workspace = "TW" + w;
            String facilitator = "UF" + w;
            for (int m = 0; m < members; m++) {
                Address channel = Address.channel(Platform.SLACK, workspace, "C%02d%02d".formatted(w, m));
                String member = member(w, m);
                command(app, channel, facilitator, "start");
                command(app, channel, facilitator, "rol <@" + member + "> lid");
                for (int a = 0; a < actions; a++) {
                    command(app, channel, facilitator, "actie <@" + member + "> taak " + a + " voor " + date);
                }
                app.database().jdbi().withHandle(h -> h.createQuery("""
                                SELECT a.id FROM action_item a JOIN circle c ON c.id = a.circle_id
                                WHERE c.workspace_id = :w AND c.channel_id = :c ORDER BY a.id""")
                        .bind("w", workspace).bind("c", channel.channelId()).mapTo(Long.class).list())
                        .forEach(id -> made.add(new Action(channel, member, id)));
            }
        }
        app.database().jdbi().useHandle(h -> {
            h.execute("DELETE FROM outbox");
            h.execute("DELETE FROM timer_request");
        });
        return made;
    }

    /** One reminder per action item, all due at {@code due}, set in one transaction. */
    public static void schedule(Leerkring app, List<Action> actions, Instant due, String tag) {
        app.database().jdbi().useTransaction(h -> {
            for (Action a : actions) {
                app.timers().schedule(h, Reminders.key("ACTION", a.id(), tag, a.member()), due, a.channel(),
                        Reminders.FIRE, Reminders.value("ACTION", a.id(), due, a.member()));
            }
        });
    }

    private static void command(Leerkring app, Address where, String user, String text) {
        app.bot().handle(InboundEvent.command(UUID.randomUUID().toString(), where, user, text));
    }
}
