package nl.leerkring.core.session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.action.Actions;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feature.Settings;
import nl.leerkring.core.time.WorkingHours;
import org.jdbi.v3.core.Handle;
import nl.leerkring.core.flow.FlowEngine;

/**
 * The circle's rhythm between and in its sessions: planning, sessions from templates, the
 * rotating co-host, assignments, action items, reminders and each member's own task list.
 * Sessions can start case discussions, and every action recorded (in a case too) gets its
 * reminders. Answers to assignments are kept until shared and then
 * {@code sessions.answers.retention.days} (by default as long as case contributions).
 */
public final class SessionFeature implements Feature {

    private final TemplateLibrary templates;
    private final CircleTime time;
    private final Reminders reminders;
    private final ActionCommands actions;
    private final MyTasks myTasks;
    private final FlowEngine flows;
    private final int answerRetentionDays;

    public SessionFeature(FeatureContext context, FlowEngine flows, Actions actions, int caseRetentionDays) {
        Settings settings = context.settings(name());
        this.templates = TemplateLibrary.load(Path.of(settings.get("templates.dir", "config/templates")), flows.methods());
        Rhythm rhythm = Rhythm.of(context.zone(), settings.get("reminder.days", "7,1"), settings.getInt("cohost.prep.days", 3),
                WorkingHours.parse(settings.get("working.hours", "09:00-17:00"), settings.get("working.days", "MON-FRI")));
        this.answerRetentionDays = settings.getInt("answers.retention.days", caseRetentionDays);
        this.flows = flows;
        this.time = new CircleTime(rhythm);
        this.reminders = new Reminders(context.timers(), time);
        this.actions = new ActionCommands(time, reminders, actions);
        this.myTasks = new MyTasks(time);
        actions.onRecorded(reminders::forAction);
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public Map<String, Integer> forgetExpired(Handle handle, Instant now) {
        return Map.of("assignment answers",
                AssignmentAnswers.deleteSharedBefore(handle, now.minus(Duration.ofDays(answerRetentionDays))));
    }

    @Override
    public void register(CommandRegistry registry) {
        Assignments assignments = new Assignments(time, reminders);
        Planner planner = new Planner(templates, time, reminders);
        SessionRun run = new SessionRun(templates, flows, time, reminders, assignments);
        Cohosts cohosts = new Cohosts(time, reminders);
        ReminderHandler handler = new ReminderHandler(time, reminders, templates);
        ZoneCommand zone = new ZoneCommand(time, reminders);
        registry.section("help.section.sessions");
        registry.add(new Command("plan", "plan", planner::plan))
                .add(new Command("sessies", "sessions", (turn, args) -> planner.list(turn)))
                .add(new Command("sessie", "session", (turn, args) -> session(turn, args, planner, run, cohosts)))
                .add(new Command("opdracht", "assignment", assignments::command))
                .add(new Command("actie", "action", actions::add))
                .add(new Command("acties", "actions", (turn, args) -> actions.list(turn)))
                .add(new Command("taken", "tasks", (turn, args) -> myTasks.show(turn)))
                .add(new Command("tijdzone", "timezone", zone::run))
                .onChoice(Planner.FORM, (turn, value) -> planner.fromForm(turn))
                .onChoice(Planner.REPLACE, planner::replace)
                .onChoice(SessionRun.START_ANYWAY, run::startAnyway)
                .onChoice(SessionRun.NEXT, run::next)
                .onChoice(SessionRun.CASE, run::startCase)
                .onChoice(SessionRun.POINT, run::pointForm)
                .onChoice(SessionRun.POINT_FORM, run::addPoint)
                .onChoice(SessionRun.ASSIGN, run::assignFromTemplate)
                .onChoice(SessionRun.ASSIGN_OWN, run::assignOwn)
                .onChoice(SessionRun.CLOSE, run::close)
                .onChoice(Assignments.ANSWER, assignments::openAnswerForm)
                .onChoice(Assignments.ANSWER_FORM, assignments::answerFromForm)
                .onChoice(Assignments.SET_FORM, assignments::setFromForm)
                .onChoice(ActionCommands.DONE, actions::done)
                .onChoice(ActionCommands.UNDO, actions::undo)
                .onChoice(ReminderHandler.SNOOZE, handler::snooze)
                .onChoice(Cohosts.SWAP, cohosts::chooseWhom)
                .onChoice(Cohosts.ASK, cohosts::ask)
                .onChoice(Cohosts.ACCEPT, cohosts::accept)
                .onChoice(Cohosts.DECLINE, cohosts::decline)
                .onScheduled(Reminders.FIRE, handler::fired)
                .onProfile((turn, zoneId) -> MemberZones.fillFromProfile(turn.handle(), turn.here().platform(),
                        turn.here().workspaceId(), turn.userId(), java.time.ZoneId.of(zoneId)));
    }

    /** {@code /kring sessie start | verzet | annuleer | ruil …}, each also in English. */
    private static void session(Turn turn, String args, Planner planner, SessionRun run, Cohosts cohosts) {
        Optional<Circle> circle = turn.requireCircle();
        if (circle.isEmpty()) {
            return;
        }
        String[] words = args.strip().split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "start", "begin" -> run.start(turn, circle.get(), rest);
            case "verzet", "verplaats", "move" -> planner.move(turn, circle.get(), rest);
            case "annuleer", "afzeggen", "cancel" -> planner.cancel(turn, circle.get(), rest);
            case "ruil", "swap" -> cohosts.askByCommand(turn, circle.get(), rest);
            default -> turn.tell(turn.text("session.usage"));
        }
    }
}
