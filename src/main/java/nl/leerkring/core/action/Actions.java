package nl.leerkring.core.action;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;

/**
 * Recording actions, wherever they are agreed (a case's action step, a session, a command):
 * stored once, then told to whoever cares (the session feature schedules its reminders).
 */
public final class Actions {

    /** Told of every action recorded, inside the same turn. */
    @FunctionalInterface
    public interface Listener {
        void recorded(Turn turn, Circle circle, ActionItem item);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void onRecorded(Listener listener) {
        listeners.add(listener);
    }

    /** Stores the action (tied to a case or a session, or to neither) and tells the listeners. */
    public ActionItem record(Turn turn, Circle circle, ActionSentence.Parsed action, Long flowId, Long sessionId) {
        ActionItem item = new ActionStore(turn.handle()).add(circle, action, turn.userId(), flowId, sessionId, turn.now());
        listeners.forEach(l -> l.recorded(turn, circle, item));
        return item;
    }
}
