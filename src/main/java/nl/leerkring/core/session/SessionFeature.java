package nl.leerkring.core.session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import nl.leerkring.core.assignment.AssignmentAnswers;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.reminder.Reminders;
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
    private final AssignmentReminder assignmentReminder;
    private final SessionReminder sessionReminder;
    private final PrepReminder prepReminder;
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
        this.assignmentReminder = new AssignmentReminder(reminders);
        ActionReminder actionReminder = new ActionReminder(reminders);
        this.prepReminder = new PrepReminder(reminders, time, templates);
        this.sessionReminder = new SessionReminder(reminders, prepReminder);
        reminders.add(assignmentReminder).add(actionReminder).add(sessionReminder).add(prepReminder);
        this.actions = new ActionCommands(time, actionReminder, actions);
        this.myTasks = new MyTasks(time);
        actions.onRecorded(actionReminder::schedule);
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
        Assignments assignments = new Assignments(time, assignmentReminder);
        Planner planner = new Planner(templates, time, sessionReminder);
        SessionRun run = new SessionRun(templates, flows, time, sessionReminder, assignments);
        Cohosts cohosts = new Cohosts(time, prepReminder);
        ZoneCommand zone = new ZoneCommand(time, reminders);
        MemberChanges memberChanges = new MemberChanges(sessionReminder, prepReminder, assignmentReminder);
        registry.section("help.section.sessions");
        registry.command("plan", "plan", Need.FACILITATOR, planner::plan)
                .command("sessies", "sessions", Need.CIRCLE, (turn, args) -> planner.list(turn))
                .command("sessie", "session", Need.MEMBER, (turn, args) -> session(turn, args, planner, run, cohosts))
                .command("opdracht", "assignment", Need.MEMBER, assignments::command)
                .command("actie", "action", Need.MEMBER, actions::add)
                .command("acties", "actions", Need.MEMBER, (turn, args) -> actions.list(turn))
                .command("taken", "tasks", Need.NOTHING, (turn, args) -> myTasks.show(turn))
                .command("tijdzone", "timezone", Need.MEMBER, zone::run)
                .onChoice(Planner.FORM, Need.FACILITATOR, (turn, value) -> planner.fromForm(turn))
                .onChoice(Planner.REPLACE, Need.FACILITATOR, planner::replace)
                .onChoice(SessionRun.START_ANYWAY, SessionRun.SessionButton::parse, Need.MEMBER, run::startAnyway)
                .onChoice(SessionRun.NEXT, SessionRun.PartButton::parse, Need.MEMBER, run::next)
                .onChoice(SessionRun.CASE, SessionRun.PartButton::parse, Need.MEMBER, run::startCase)
                .onChoice(SessionRun.POINT, SessionRun.SessionButton::parse, Need.MEMBER, run::pointForm)
                .onChoice(SessionRun.POINT_FORM, SessionRun.SessionButton::parse, Need.MEMBER, run::addPoint)
                .onChoice(SessionRun.ASSIGN, SessionRun.SessionButton::parse, Need.MEMBER, run::assignFromTemplate)
                .onChoice(SessionRun.ASSIGN_OWN, SessionRun.SessionButton::parse, Need.MEMBER, run::assignOwn)
                .onChoice(SessionRun.CLOSE, SessionRun.SessionButton::parse, Need.MEMBER, run::close)
                .onChoice(SessionRun.REPOST, SessionRun.SessionButton::parse, Need.MEMBER, run::repost)
                .onChoice(Assignments.ANSWER, Assignments.AnswerButton::parse, Need.MEMBER, assignments::openAnswerForm)
                .onChoice(Assignments.ANSWER_FORM, Assignments.AnswerButton::parse, Need.MEMBER, assignments::answerFromForm)
                .onChoice(Assignments.SET_FORM, Assignments.SetForm::parse, Need.MEMBER, assignments::setFromForm)
                .onChoice(ActionCommands.DONE, ActionCommands.ActionButton::parse, Need.MEMBER, actions::done)
                .onChoice(ActionCommands.UNDO, ActionCommands.ActionButton::parse, Need.MEMBER, actions::undo)
                .onChoice(Cohosts.SWAP, Cohosts.OwnSession::parse, Need.MEMBER, cohosts::chooseWhom)
                .onChoice(Cohosts.ASK, Cohosts.Swap::parse, Need.MEMBER, cohosts::ask)
                .onChoice(Cohosts.ACCEPT, Cohosts.Swap::parse, Need.MEMBER, cohosts::accept)
                .onChoice(Cohosts.DECLINE, Cohosts.Swap::parse, Need.MEMBER, cohosts::decline)
                .onProfile((turn, zoneId) -> MemberZones.fillFromProfile(turn.handle(), turn.here().platform(),
                        turn.here().workspaceId(), turn.userId(), java.time.ZoneId.of(zoneId)));
        registry.onMembership(memberChanges::changed);
        reminders.register(registry);
    }

    /**
     * {@code /kring sessie start | verzet | annuleer | ruil …}, each also in English, for
     * members; who may do which is checked by each.
     */
    private static void session(Turn turn, String args, Planner planner, SessionRun run, Cohosts cohosts) {
        Circle circle = turn.theCircle();
        String[] words = args.strip().split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "start", "begin" -> run.start(turn, circle, rest);
            case "verzet", "verplaats", "move" -> planner.move(turn, circle, rest);
            case "annuleer", "afzeggen", "cancel" -> planner.cancel(turn, circle, rest);
            case "ruil", "swap" -> cohosts.askByCommand(turn, circle, rest);
            case "cohost", "co-host" -> cohosts.handTo(turn, circle, rest);
            case "" -> run.overview(turn, circle);
            default -> turn.tell(turn.text("session.usage"));
        }
    }
}
