package nl.leerkring.core.session;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.assignment.Assignment;
import nl.leerkring.core.assignment.AssignmentAnswers;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.time.DateInput;

/**
 * The assignment before a session ({@code /kring opdracht}): set by the facilitator or co-host
 * (or from the template at the end of a session), sent to every member privately, answered
 * privately, and shared with the circle when the next session starts, not before. Nobody sees
 * who has not answered; the facilitator sees how many have.
 */
final class Assignments {

    static final String ANSWER = "assignment.answer";
    static final String ANSWER_FORM = "assignment.answer.submit";
    static final String SET_FORM = "assignment.set.submit";
    static final int MAX_TEXT = 1500;
    static final int MAX_ANSWER = 2000;
    private static final Pattern DUE = Pattern.compile("(?i)\\s+(?:tot|uiterlijk|until|by|due)\\s+([^\\s].*)$");

    /** The answer button and its form: {@code <circle id>:<assignment id>}. */
    record AnswerButton(long circleId, long id) implements SessionContext.IdInCircle {

        static Optional<AnswerButton> parse(String value) {
            return SessionContext.pair(value, AnswerButton::new);
        }
    }

    /** The form that sets an assignment at the end of a session: {@code <circle id>}. */
    record SetForm(long circleId) implements ChoiceValue.OfCircle {

        @Override
        public String encode() {
            return String.valueOf(circleId);
        }

        static Optional<SetForm> parse(String value) {
            return ChoiceValue.parts(value, 1).flatMap(p -> ChoiceValue.number(p[0])).map(SetForm::new);
        }
    }

    private final CircleTime time;
    private final AssignmentReminder reminder;

    Assignments(CircleTime time, AssignmentReminder reminder) {
        this.time = time;
        this.reminder = reminder;
    }

    /** {@code /kring opdracht [tekst [tot <datum>]] | intrekken | antwoord <tekst>}: members read and answer, whoever steers sets. */
    void command(Turn turn, String args) {
        Circle circle = turn.theCircle();
        String[] words = args.strip().split("\\s+", 2);
        String first = words[0].toLowerCase(java.util.Locale.ROOT);
        if (args.isBlank()) {
            show(turn, circle);
        } else if (List.of("intrekken", "withdraw").contains(first)) {
            withdraw(turn, circle);
        } else if (List.of("antwoord", "answer").contains(first)) {
            Optional<Assignment> open = new AssignmentStore(turn.handle()).open(circle);
            if (open.isEmpty()) {
                turn.tell(turn.text("assignment.none"));
            } else {
                answer(turn, circle, open.get(), words.length > 1 ? words[1] : "");
            }
        } else if (SessionContext.requireSteering(turn, circle)) {
            setFromText(turn, circle, args.strip());
        }
    }

    private void setFromText(Turn turn, Circle circle, String text) {
        Matcher due = DUE.matcher(text);
        LocalDate date = null;
        String body = text;
        if (due.find()) {
            Optional<LocalDate> parsed = dueDate(turn, circle, due.group(1));
            if (parsed.isEmpty()) {
                return;
            }
            date = parsed.get();
            body = text.substring(0, due.start()).strip();
        }
        set(turn, circle, body, date);
    }

    /** A due date that exists and is not in the past; tells the user otherwise. */
    private Optional<LocalDate> dueDate(Turn turn, Circle circle, String text) {
        Optional<String> problem = dueProblem(turn, circle, text);
        if (problem.isPresent()) {
            turn.tell(problem.get());
            return Optional.empty();
        }
        return Optional.of(((DateInput.Valid) DateInput.parse(text, time.today(turn, time.zone(turn, circle)))).date());
    }

    /** What is wrong with a due date as {@code /kring opdracht … tot} reads it, or empty; also the set form's due field. */
    Optional<String> dueProblem(Turn turn, Circle circle, String text) {
        LocalDate today = time.today(turn, time.zone(turn, circle));
        DateInput.Result r = DateInput.parse(text, today);
        if (r instanceof DateInput.NoSuchDay) {
            return Optional.of(turn.text("date.noSuchDay", text.strip()));
        }
        if (!(r instanceof DateInput.Valid v)) {
            return Optional.of(turn.text("assignment.badDue", text.strip()));
        }
        if (v.date().isBefore(today)) {
            return Optional.of(turn.text("date.inPast", CircleTime.date(turn.texts(), v.date())));
        }
        return Optional.empty();
    }

    /**
     * Sets the assignment (the caller has checked who may) and sends it to every member. Without
     * a date it is due at the start of the next session.
     */
    void set(Turn turn, Circle circle, String text, LocalDate dueDate) {
        AssignmentStore store = new AssignmentStore(turn.handle());
        if (store.open(circle).isPresent()) {
            turn.tell(turn.text("assignment.alreadyOpen"));
            return;
        }
        if (SessionContext.text(turn, text, MAX_TEXT, "assignment.usage").isEmpty()) {
            return;
        }
        Optional<Session> next = dueDate == null ? new SessionStore(turn.handle()).next(circle, turn.now()) : Optional.empty();
        Assignment a = store.create(circle, text, dueDate, next.map(Session::id).orElse(null), turn.userId(), turn.now());
        List<String> members = SessionContext.memberIds(turn, circle);
        for (String member : members) {
            turn.send(privately(turn, circle, a, next, member));
        }
        reminder.schedule(turn, circle, a, members);
        turn.send(OutgoingMessage.text(Turn.channelOf(circle),
                turn.text("assignment.announced", Mentions.of(turn.userId()), due(turn, circle, a, next, null))));
    }

    private OutgoingMessage privately(Turn turn, Circle circle, Assignment a, Optional<Session> next, String member) {
        return OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), member),
                        a.text() + "\n\n" + turn.text("assignment.private"))
                .withTitle(turn.text("assignment.title"))
                .withFields(List.of(new Field(turn.text("assignment.field.due"), due(turn, circle, a, next, member))))
                .withChoices(List.of(answerChoice(turn, circle, a)));
    }

    static Choice answerChoice(Turn turn, Circle circle, Assignment a) {
        return new Choice(turn.text("assignment.choice.answer"), ANSWER, new AnswerButton(circle.id(), a.id()).encode());
    }

    /** "the start of session 3 (…)", "dinsdag 12 januari 2027", or "no date"; in the member's zone when given. */
    String due(Turn turn, Circle circle, Assignment a, Optional<Session> session, String member) {
        if (a.dueDate() != null) {
            return CircleTime.date(turn.texts(), a.dueDate());
        }
        ZoneId zone = member == null ? time.zone(turn, circle) : time.zoneOf(turn, circle, member);
        return session.map(s -> turn.text("assignment.dueAtSession", s.number(), CircleTime.dateTime(turn.texts(), s.startsAt(), zone)))
                .orElse(turn.text("assignment.dueNone"));
    }

    Optional<Session> sessionOf(Turn turn, Assignment a) {
        return a.sessionId() == null ? Optional.empty() : new SessionStore(turn.handle()).find(a.workspaceId(), a.sessionId());
    }

    /** Without text: the assignment, the member's own status, and for the facilitator how many answered. */
    private void show(Turn turn, Circle circle) {
        AssignmentStore store = new AssignmentStore(turn.handle());
        Optional<Assignment> open = store.open(circle);
        if (open.isEmpty()) {
            turn.tell(turn.text(SessionContext.steers(turn, circle) ? "assignment.noneSteering" : "assignment.none"));
            return;
        }
        Assignment a = open.get();
        boolean answered = store.answered(a, turn.userId());
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(turn.text("assignment.field.due"), due(turn, circle, a, sessionOf(turn, a), turn.userId())));
        fields.add(new Field(turn.text("assignment.field.yours"),
                turn.text(answered ? "assignment.status.answered" : "assignment.status.open")));
        if (turn.circles().roleOf(circle, turn.userId()).orElse(null) == Role.FACILITATOR) {
            fields.add(new Field(turn.text("assignment.field.count"), turn.text("assignment.count",
                    store.answers(a).size(), turn.circles().members(circle).size())));
        }
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), a.text())
                .withTitle(turn.text("assignment.title")).withFields(fields)
                .withChoices(List.of(answerChoice(turn, circle, a))));
    }

    private void withdraw(Turn turn, Circle circle) {
        if (!SessionContext.requireSteering(turn, circle)) {
            return;
        }
        AssignmentStore store = new AssignmentStore(turn.handle());
        Optional<Assignment> open = store.open(circle);
        if (open.isEmpty()) {
            turn.tell(turn.text("assignment.none"));
            return;
        }
        Assignment a = open.get();
        store.setStatus(a, Assignment.Status.WITHDRAWN, turn.now());
        AssignmentAnswers.deleteAll(turn.handle(), a); // nobody will read them now
        reminder.cancel(turn, a, null);
        for (String member : SessionContext.memberIds(turn, circle)) {
            turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), member),
                    turn.text("assignment.withdrawn.private", a.text())));
        }
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("assignment.withdrawn", Mentions.of(turn.userId()))));
    }

    // ------------------------------------------------------------------------------------------
    // Answering, privately

    /** The answer button (in the direct message, the reminder, the task list): a form, if the assignment still counts. */
    void openAnswerForm(Turn turn, AnswerButton value) {
        answerable(turn, turn.theCircle(), value.id())
                .ifPresent(a -> turn.openForm(new Form(ANSWER_FORM, value.encode(), turn.text("assignment.form.title"),
                        turn.text("assignment.form.submit"), List.of(FormField.longText("text", shorten(a.text()), MAX_ANSWER)))));
    }

    /** A form label stays short: the whole assignment is in the message above it. */
    static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 150 ? line : line.substring(0, 149) + "…";
    }

    void answerFromForm(Turn turn, AnswerButton value) {
        Circle circle = turn.theCircle();
        answerable(turn, circle, value.id())
                .ifPresent(a -> answer(turn, circle, a, turn.event().form().getOrDefault("text", "")));
    }

    /** The assignment, if it is still open (for a member); otherwise says why the answer does not count. */
    private Optional<Assignment> answerable(Turn turn, Circle circle, long id) {
        Optional<Assignment> a = new AssignmentStore(turn.handle()).find(circle.workspaceId(), id)
                .filter(x -> x.circleId() == circle.id());
        if (a.isEmpty()) {
            turn.tell(turn.text("error.staleChoice"));
        } else if (a.get().status() == Assignment.Status.WITHDRAWN) {
            turn.tell(turn.text("assignment.answer.withdrawn"));
        } else if (a.get().status() == Assignment.Status.SHARED) {
            turn.tell(turn.text("assignment.answer.shared"));
        }
        return a.filter(Assignment::isOpen);
    }

    private void answer(Turn turn, Circle circle, Assignment a, String text) {
        Optional<String> checked = SessionContext.text(turn, text, MAX_ANSWER, "assignment.answer.empty");
        if (checked.isEmpty()) {
            return;
        }
        String answer = checked.get();
        AssignmentStore store = new AssignmentStore(turn.handle());
        boolean again = store.answered(a, turn.userId());
        store.saveAnswer(a, turn.userId(), answer, turn.now());
        reminder.cancel(turn, a, turn.userId());
        turn.tell(turn.text(again ? "assignment.answer.replaced" : "assignment.answer.saved"));
    }

    // ------------------------------------------------------------------------------------------
    // Sharing at the start of a session

    /** The open assignment's answers, for the start of a session: a heading and one message per answer. */
    List<OutgoingMessage> share(Turn turn, Circle circle, Session session) {
        AssignmentStore store = new AssignmentStore(turn.handle());
        Optional<Assignment> open = store.open(circle);
        if (open.isEmpty()) {
            return List.of();
        }
        Assignment a = open.get();
        List<Assignment.Answer> answers = store.answers(a);
        store.setStatus(a, Assignment.Status.SHARED, turn.now());
        reminder.cancel(turn, a, null);
        List<OutgoingMessage> messages = new ArrayList<>();
        messages.add(OutgoingMessage.text(Turn.channelOf(circle), a.text() + "\n\n"
                        + (answers.isEmpty() ? turn.text("assignment.shared.none") : turn.text("assignment.shared.intro")))
                .withTitle(turn.text("assignment.shared.title", answers.size())).inThreadOf(session.threadKey()));
        for (Assignment.Answer answer : answers) {
            messages.add(OutgoingMessage.text(Turn.channelOf(circle), Mentions.of(answer.userId()) + ": " + answer.text())
                    .inThreadOf(session.threadKey()));
        }
        return messages;
    }

    // ------------------------------------------------------------------------------------------
    // From the closing part of a session

    Form setForm(Turn turn, Circle circle) {
        return new Form(SET_FORM, new SetForm(circle.id()).encode(), turn.text("assignment.setForm.title"), turn.text("assignment.form.submit"),
                List.of(FormField.longText("text", turn.text("assignment.setForm.text"), MAX_TEXT),
                        FormField.text("due", turn.text("assignment.setForm.due"), 40).asOptional()));
    }

    /** The form from the closing part, for whoever steers. */
    void setFromForm(Turn turn, SetForm value) {
        Circle circle = turn.theCircle();
        if (!SessionContext.requireSteering(turn, circle)) {
            return;
        }
        Map<String, String> form = turn.event().form();
        String dueText = form.getOrDefault("due", "").strip();
        Optional<LocalDate> date = dueText.isEmpty() ? Optional.empty() : dueDate(turn, circle, dueText);
        if (dueText.isEmpty() || date.isPresent()) {
            set(turn, circle, form.getOrDefault("text", "").strip(), date.orElse(null));
        }
    }
}
