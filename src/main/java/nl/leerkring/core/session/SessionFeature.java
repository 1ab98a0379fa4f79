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
import nl.leerkring.core.feature.PersonalData;
import nl.leerkring.core.circle.Person;
import nl.leerkring.core.feature.Settings;
import nl.leerkring.core.feature.Timers;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Timers timers;

    public SessionFeature(FeatureContext context, FlowEngine flows, Actions actions, int caseRetentionDays) {
        Settings settings = context.settings(name());
        this.templates = TemplateLibrary.load(Path.of(settings.get("templates.dir", "config/templates")), flows.methods());
        Rhythm rhythm = Rhythm.of(context.zone(), settings.get("reminder.days", "7,1"), settings.getInt("cohost.prep.days", 3),
                WorkingHours.parse(settings.get("working.hours", "09:00-17:00"), settings.get("working.days", "MON-FRI")));
        this.answerRetentionDays = settings.getInt("answers.retention.days", caseRetentionDays);
        this.flows = flows;
        this.timers = context.timers();
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
        SessionRun run = new SessionRun(templates, flows, time, sessionReminder, assignments, timers);
        Cohosts cohosts = new Cohosts(time, prepReminder);
        ZoneCommand zone = new ZoneCommand(time, reminders);
        MemberChanges memberChanges = new MemberChanges(sessionReminder, prepReminder, assignmentReminder);
        registry.section("help.section.sessions");
        planner.registerChecks(registry);
        registry.checkField(Assignments.SET_FORM, "due", (turn, answer) -> turn.circle()
                .flatMap(circle -> assignments.dueProblem(turn, circle, answer)));
        registry.command("plan", "plan", Need.FACILITATOR, planner::plan)
                .command("sessies", "sessions", Need.CIRCLE, (turn, args) -> planner.list(turn))
                .command("sessie", "session", Need.MEMBER, (turn, args) -> session(turn, args, planner, run, cohosts))
                .command("opdracht", "assignment", Need.MEMBER, assignments::command)
                .command("actie", "action", Need.MEMBER, actions::add)
                .command("acties", "actions", Need.MEMBER, (turn, args) -> actions.list(turn))
                .command("taken", "tasks", Need.NOTHING, (turn, args) -> myTasks.show(turn))
                .command("tijdzone", "timezone", Need.MEMBER, zone::run)
                .command("afbouw", "fadeout", Need.MEMBER, FadeOuts::command)
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
                .onScheduled(SessionRun.TIME_UP, run::timeUp)
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

    /** The reminders of one circle's sessions, assignments and action items (by their subject's name). */
    private static final String CIRCLE_REMINDERS = """
            SELECT timer_key FROM scheduled_reminder WHERE workspace_id = :workspace AND (
               (subject IN ('SESSION', 'PREP') AND subject_id IN (SELECT id FROM circle_session WHERE circle_id = :circle))
            OR (subject = 'ASSIGNMENT' AND subject_id IN (SELECT id FROM assignment WHERE circle_id = :circle))
            OR (subject = 'ACTION' AND subject_id IN (SELECT id FROM action_item WHERE circle_id = :circle)))""";

    @Override
    public Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        String circles = " " + PersonalData.CIRCLES;
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        out.put("action_item", PersonalData.rows(handle, """
                SELECT id, owner_id, text, due_date, done, done_at, created_by, created_at FROM action_item
                WHERE (owner_id = :user OR created_by = :user) AND circle_id IN""" + circles + " ORDER BY id", person));
        out.put("circle_session", PersonalData.rows(handle, """
                SELECT id, number, starts_at, status FROM circle_session WHERE cohost_id = :user AND circle_id IN"""
                + circles + " ORDER BY id", person));
        out.put("cohost_proposal", PersonalData.rows(handle, """
                SELECT session_id, created_at FROM cohost_proposal WHERE workspace_id = :workspace AND asked_id = :user
                ORDER BY session_id""", person));
        out.put("assignment", PersonalData.rows(handle, """
                SELECT id, text, due_date, status, created_at FROM assignment WHERE set_by = :user AND circle_id IN"""
                + circles + " ORDER BY id", person));
        out.put("assignment_answer", PersonalData.rows(handle, """
                SELECT a.assignment_id, a.text, a.answered_at FROM assignment_answer a JOIN assignment s ON s.id = a.assignment_id
                WHERE a.user_id = :user AND s.circle_id IN""" + circles + " ORDER BY a.assignment_id", person));
        out.put("scheduled_reminder", PersonalData.rows(handle, """
                SELECT subject, subject_id, remind_at FROM scheduled_reminder WHERE workspace_id = :workspace AND user_id = :user
                ORDER BY remind_at""", person));
        return out;
    }

    @Override
    public Map<String, Integer> erase(Handle handle, Person person) {
        String circles = " " + PersonalData.CIRCLES;
        Map<String, Integer> erased = new LinkedHashMap<>();
        List<String> keys = handle.createQuery("SELECT timer_key FROM scheduled_reminder WHERE workspace_id = :workspace AND user_id = :user")
                .bind("workspace", person.workspaceId()).bind("user", person.userId()).mapTo(String.class).list();
        keys.forEach(key -> timers.cancel(handle, key));
        erased.put("reminders", PersonalData.update(handle,
                "DELETE FROM scheduled_reminder WHERE workspace_id = :workspace AND user_id = :user", person));
        erased.put("actions", PersonalData.update(handle, "DELETE FROM action_item WHERE owner_id = :user AND circle_id IN" + circles, person));
        erased.put("actions agreed for others", PersonalData.update(handle,
                "UPDATE action_item SET created_by = '' WHERE created_by = :user AND circle_id IN" + circles, person));
        erased.put("co-host proposals", PersonalData.update(handle,
                "DELETE FROM cohost_proposal WHERE workspace_id = :workspace AND asked_id = :user", person));
        erased.put("co-host turns", PersonalData.update(handle,
                "UPDATE circle_session SET cohost_id = NULL WHERE cohost_id = :user AND circle_id IN" + circles, person));
        erased.put("assignments set", PersonalData.update(handle,
                "UPDATE assignment SET set_by = '' WHERE set_by = :user AND circle_id IN" + circles, person));
        erased.put("assignment answers", PersonalData.update(handle, "DELETE FROM assignment_answer WHERE user_id = :user"
                + " AND assignment_id IN (SELECT id FROM assignment WHERE circle_id IN" + circles + ")", person));
        return erased;
    }

    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        List<String> keys = handle.createQuery(CIRCLE_REMINDERS).bind("workspace", circle.workspaceId()).bind("circle", circle.id())
                .mapTo(String.class).list();
        keys.forEach(key -> timers.cancel(handle, key));
        handle.createQuery("SELECT id FROM circle_session WHERE circle_id = :circle AND workspace_id = :workspace AND status = 'RUNNING'")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).mapTo(Long.class)
                .forEach(id -> timers.cancel(handle, SessionRun.timeKey(id)));
        for (String key : keys) {
            handle.createUpdate("DELETE FROM scheduled_reminder WHERE timer_key = :key").bind("key", key).execute();
        }
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("reminders", keys.size());
        deleted.put("actions", PersonalData.update(handle, "DELETE FROM action_item WHERE circle_id = :circle", circle));
        deleted.put("assignments", PersonalData.update(handle, "DELETE FROM assignment WHERE circle_id = :circle", circle));
        deleted.put("sessions", PersonalData.update(handle, "DELETE FROM circle_session WHERE circle_id = :circle", circle));
        deleted.put("fade-out plans", FadeOuts.deleteCircle(handle, circle));
        return deleted;
    }
}
