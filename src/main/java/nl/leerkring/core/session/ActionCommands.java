package nl.leerkring.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionSentence;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.core.action.Actions;

/**
 * Action items outside a case discussion: {@code /kring actie @naam <wat> voor <datum>} records
 * one, {@code /kring acties} lists the circle's open ones, and a button ticks one off (or back
 * on). Whoever owns an action, or steers the circle, may tick it off; that stops its reminders.
 */
final class ActionCommands {

    static final String DONE = "action.done";
    static final String UNDO = "action.undo";
    private static final int MAX_BUTTONS = 10;

    /** The "done" and "undo" buttons: {@code <circle id>:<action id>}. */
    record ActionButton(long circleId, long id) implements SessionContext.IdInCircle {

        ActionButton(ActionItem item) {
            this(item.circleId(), item.id());
        }

        static Optional<ActionButton> parse(String value) {
            return SessionContext.pair(value, ActionButton::new);
        }
    }

    private final CircleTime time;
    private final ActionReminder reminder;
    private final Actions actions;

    ActionCommands(CircleTime time, ActionReminder reminder, Actions actions) {
        this.time = time;
        this.reminder = reminder;
        this.actions = actions;
    }

    static Choice doneChoice(Turn turn, Circle c, ActionItem item) {
        return new Choice(turn.text("action.choice.done"), DONE, new ActionButton(c.id(), item.id()).encode());
    }

    /** {@code /kring actie …}, for members. */
    void add(Turn turn, String args) {
        Circle circle = turn.theCircle();
        if (args.isBlank()) {
            turn.tell(turn.text("flow.action.example"));
            return;
        }
        Optional<ActionSentence.Parsed> parsed = ActionSentence.parse(turn, circle, args, time.zone(turn, circle));
        if (parsed.isEmpty()) {
            return;
        }
        Long session = new SessionStore(turn.handle()).running(circle).map(Session::id).orElse(null);
        ActionItem item = actions.record(turn, circle, parsed.get(), null, session);
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("flow.action.recorded", Mentions.of(item.ownerId()),
                item.text(), CircleTime.date(turn.texts(), item.due()))));
    }

    /** {@code /kring acties}, for members; each may tick off their own, whoever steers any. */
    void list(Turn turn) {
        Circle circle = turn.theCircle();
        List<ActionItem> open = new ActionStore(turn.handle()).open(circle);
        if (open.isEmpty()) {
            turn.tell(turn.text("action.list.none"));
            return;
        }
        String list = open.stream().map(a -> "• " + Mentions.of(a.ownerId()) + " — " + a.text() + " — "
                + CircleTime.date(turn.texts(), a.due())).collect(Collectors.joining("\n"));
        boolean steering = SessionContext.steers(turn, circle);
        List<Choice> buttons = new ArrayList<>();
        for (ActionItem a : open) {
            if ((steering || a.ownerId().equals(turn.userId())) && buttons.size() < MAX_BUTTONS) {
                buttons.add(new Choice(turn.text("action.choice.doneNamed", Assignments.shorten(a.text())), DONE,
                        new ActionButton(circle.id(), a.id()).encode()));
            }
        }
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), list)
                .withTitle(turn.text("action.list.title", open.size())).withChoices(buttons));
    }

    void done(Turn turn, ActionButton value) {
        mark(turn, value, true);
    }

    void undo(Turn turn, ActionButton value) {
        mark(turn, value, false);
    }

    /** Its owner, or whoever steers, ticks an action of the circle off (or back on). */
    private void mark(Turn turn, ActionButton value, boolean done) {
        Circle c = turn.theCircle();
        Optional<ActionItem> item = new ActionStore(turn.handle()).find(c.workspaceId(), value.id())
                .filter(a -> a.circleId() == c.id());
        if (item.isEmpty()) {
            turn.tell(turn.text("error.staleChoice"));
            return;
        }
        ActionItem a = item.get();
        if (!a.ownerId().equals(turn.userId()) && !SessionContext.steers(turn, c)) {
            turn.tell(turn.text("action.notYours", Mentions.of(a.ownerId())));
            return;
        }
        if (a.done() == done) {
            turn.tell(turn.text(done ? "action.alreadyDone" : "action.alreadyOpen", a.text()));
            return;
        }
        new ActionStore(turn.handle()).setDone(a, done, turn.now());
        if (done) {
            reminder.cancel(turn, a);
            turn.tell(turn.text("action.markedDone", a.text()),
                    List.of(new Choice(turn.text("action.choice.undo"), UNDO, new ActionButton(a).encode())));
        } else {
            reminder.schedule(turn, c, new ActionItem(a.id(), a.workspaceId(), a.circleId(), a.ownerId(), a.text(), a.due(), false));
            turn.tell(turn.text("action.markedOpen", a.text()));
        }
    }
}
