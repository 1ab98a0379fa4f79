package nl.leerkring.core.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.assignment.Assignment;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Circles;
import nl.leerkring.core.i18n.Texts;
import org.jdbi.v3.core.Handle;

/**
 * One member's own list, across every circle of the workspace: assignments still to answer,
 * actions still to do, and sessions they co-host, with buttons to answer or tick off. Shown by
 * {@code /kring taken}; {@link #forUser} builds the same list for a Slack App Home tab or a
 * Teams 1:1 chat.
 */
public final class MyTasks {

    private static final int MAX_BUTTONS = 20;

    private final CircleTime time;

    MyTasks(CircleTime time) {
        this.time = time;
    }

    /** {@code /kring taken}: the list, only for whoever asked. */
    void show(Turn turn) {
        turn.send(forUser(turn.handle(), turn.event().platform(), turn.event().where().workspaceId(), turn.userId(),
                turn.here().privatelyTo(turn.userId()), turn.texts(), turn.now()));
    }

    /**
     * The list as a message to {@code to}, in the caller's transaction.
     *
     * @param texts the language to write it in (the circle's, or the workspace default)
     */
    public OutgoingMessage forUser(Handle handle, Platform platform, String workspaceId, String userId, Address to,
                                   Texts texts, Instant now) {
        Circles circles = new Circles(handle);
        Map<Long, Optional<Circle>> circleById = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        List<Choice> choices = new ArrayList<>();

        List<Assignment> assignments = new AssignmentStore(handle).unansweredBy(platform, workspaceId, userId);
        for (Assignment a : assignments) {
            Optional<Circle> c = circleById.computeIfAbsent(a.circleId(), id -> circles.byId(platform, workspaceId, id));
            if (c.isEmpty()) {
                continue;
            }
            String due = a.dueDate() != null ? CircleTime.date(texts, a.dueDate())
                    : Optional.ofNullable(a.sessionId()).flatMap(id -> new SessionStore(handle).find(workspaceId, id))
                            .map(s -> CircleTime.dateTime(texts, s.startsAt(), time.zoneOf(handle, c.get(), userId)))
                            .orElse(texts.get("assignment.dueNone"));
            section(text, texts, "tasks.assignments");
            text.append("• ").append(Assignments.shorten(a.text())).append(" — ").append(texts.get("tasks.before", due)).append('\n');
            add(choices, new Choice(texts.get("tasks.choice.answer", Assignments.shorten(a.text())), Assignments.ANSWER,
                    new Assignments.AnswerButton(c.get().id(), a.id()).encode()));
        }
        for (ActionItem item : new ActionStore(handle).openOwnedBy(platform, workspaceId, userId)) {
            section(text, texts, "tasks.actions");
            text.append("• ").append(item.text()).append(" — ").append(texts.get("tasks.by", CircleTime.date(texts, item.due())))
                    .append('\n');
            add(choices, new Choice(texts.get("action.choice.doneNamed", Assignments.shorten(item.text())), ActionCommands.DONE,
                    new ActionCommands.ActionButton(item).encode()));
        }
        for (Session s : new SessionStore(handle).plannedCohostedBy(workspaceId, userId)) {
            Optional<Circle> c = circleById.computeIfAbsent(s.circleId(), id -> circles.byId(platform, workspaceId, id));
            if (c.isPresent() && s.startsAt().isAfter(now)) {
                section(text, texts, "tasks.cohost");
                text.append("• ").append(texts.get("tasks.cohostOf", s.number(),
                        CircleTime.dateTime(texts, s.startsAt(), time.zoneOf(handle, c.get(), userId)))).append('\n');
            }
        }
        String body = text.length() == 0 ? texts.get("tasks.nothing") : text.toString().strip() + "\n\n" + texts.get("tasks.private");
        return OutgoingMessage.text(to, body).withTitle(texts.get("tasks.title")).withChoices(choices);
    }

    /** A heading before the first line of each kind. */
    private static void section(StringBuilder text, Texts texts, String key) {
        String heading = texts.get(key);
        if (text.indexOf(heading) < 0) {
            text.append(text.length() == 0 ? "" : "\n").append(heading).append('\n');
        }
    }

    private static void add(List<Choice> choices, Choice choice) {
        if (choices.size() < MAX_BUTTONS) {
            choices.add(choice);
        }
    }
}
