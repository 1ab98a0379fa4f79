package nl.leerkring.core.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Circles;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.i18n.Texts;
import org.jdbi.v3.core.Handle;

/**
 * One inbound event being handled, inside one database transaction: what happened, the circle
 * of the channel it happened in, the language to answer in, and the replies collected so far.
 * The replies go to the outbox in the same transaction when the handler returns.
 */
public final class Turn {

    /** The button that starts a circle here, offered wherever one is needed and missing. */
    public static final String START_CIRCLE_ACTION = "circle.start";

    private final InboundEvent event;
    private final Handle handle;
    private final Instant now;
    private final Circles circles;
    private Circle circle;
    private Texts texts;
    private Predicate<Address> threads = conversation -> true;
    private final List<OutgoingMessage> replies = new ArrayList<>();
    private final Map<Class<?>, Object> stores = new HashMap<>();
    private final Set<OutgoingMessage> forgetWhenSent = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Begun by the bot for each event, inside its transaction. */
    public Turn(InboundEvent event, Handle handle, Instant now, Circles circles, Circle circle, Texts texts) {
        this.event = event;
        this.handle = handle;
        this.now = now;
        this.circles = circles;
        this.circle = circle;
        this.texts = texts;
    }

    /** This turn, asking {@code threads} whether a conversation has threads (by default every one has). */
    public Turn withThreads(Predicate<Address> threads) {
        this.threads = threads;
        return this;
    }

    /** Whether messages in this conversation can have replies under them; else a case runs there flat. */
    public boolean hasThreads(Address conversation) {
        return threads.test(conversation);
    }

    public InboundEvent event() {
        return event;
    }

    public String userId() {
        return event.userId();
    }

    public Handle handle() {
        return handle;
    }

    /**
     * A feature's store on this turn's transaction, made once per turn and then handed out again,
     * so what it has read (and keeps) is not read twice in one event.
     */
    public <T> T store(Class<T> type, Function<Handle, T> create) {
        return type.cast(stores.computeIfAbsent(type, t -> create.apply(handle)));
    }

    public Instant now() {
        return now;
    }

    public Circles circles() {
        return circles;
    }

    public Optional<Circle> circle() {
        return Optional.ofNullable(circle);
    }

    /**
     * The circle this turn acts in, for handlers whose command or choice declared that it needs
     * one ({@link Need}): the registry has resolved it before the handler runs.
     */
    public Circle theCircle() {
        if (circle == null) {
            throw new IllegalStateException("A handler without a circle guard asked for the circle");
        }
        return circle;
    }

    /** After a change to the circle (created, language switched): answer from the new state. */
    public void circleChanged(Circle changed) {
        this.circle = changed;
        this.texts = Texts.of(changed.language());
    }

    /**
     * Outside a circle, answers in the language a button was offered in (it carries it); in a
     * circle the circle's language stays.
     */
    public void speakOutsideCircle(String language) {
        if (circle == null) {
            this.texts = Texts.of(language);
        }
    }

    public Texts texts() {
        return texts;
    }

    public String text(String key, Object... args) {
        return texts.get(key, args);
    }

    /**
     * The text of {@code key} as the circle's channel needs it: where the channel has no threads
     * (a Teams group chat), the text of {@code key + ".flat"}, which speaks of the chat instead.
     */
    public String channelText(Circle circle, String key, Object... args) {
        return text(hasThreads(channelOf(circle)) ? key : key + ".flat", args);
    }

    /** The channel (and thread) the event came from, visible to all. */
    public Address here() {
        Address where = event.where();
        return new Address(where.platform(), where.workspaceId(), where.channelId(), where.threadId(), null);
    }

    /** Answers in the channel, for everyone. */
    public void say(String text) {
        send(OutgoingMessage.text(here(), text));
    }

    /** Answers only the user who acted. */
    public void tell(String text) {
        send(OutgoingMessage.text(here().privatelyTo(userId()), text));
    }

    public void tell(String text, List<Choice> choices) {
        send(OutgoingMessage.text(here().privatelyTo(userId()), text).withChoices(choices));
    }

    /** Asks the acting user to fill in a form (a modal in Slack, a card in Teams, questions in the console). */
    public void openForm(nl.leerkring.chat.Form form) {
        OutgoingMessage opening = OutgoingMessage.form(here().privatelyTo(userId()), form, event.trigger());
        if (event.trigger() != null) {
            // what is sent instead when the trigger expires before the form opens: a button (its
            // empty value becomes the outbox row's id) that opens the same form again
            opening = new OutgoingMessage(opening.to(), form.title(), text("form.expired", form.title()), List.of(),
                    List.of(new Choice(text("form.reopen"), REOPEN_FORM, "")), null, null, form, event.trigger(), null);
        }
        send(opening);
    }

    /** The action of the button that opens again a form whose trigger expired. */
    public static final String REOPEN_FORM = "form.reopen";

    /**
     * The circle a button or form names by id (a card in a direct message belongs to no channel),
     * looked up only in this event's workspace; from here on the turn answers in its language.
     */
    public Optional<Circle> circleNamed(long id) {
        Optional<Circle> named = circle().filter(c -> c.id() == id)
                .or(() -> circles.byId(event.platform(), event.where().workspaceId(), id));
        named.ifPresent(this::circleChanged);
        return named;
    }

    /** The main channel of a circle, for messages that do not answer this event's place. */
    public static Address channelOf(Circle circle) {
        return Address.channel(circle.platform(), circle.workspaceId(), circle.channelId());
    }

    public void send(OutgoingMessage message) {
        replies.add(message);
    }

    /**
     * Sends a message whose copy the bot must not keep once delivered (it would tie a person to
     * a moment or hold their data): its outbox row is deleted when the platform has it.
     */
    public void sendAndForget(OutgoingMessage message) {
        replies.add(message);
        forgetWhenSent.add(message);
    }

    /** Answers only the user who acted, and keeps no copy once delivered ({@link #sendAndForget}). */
    public void tellAndForget(String text) {
        sendAndForget(OutgoingMessage.text(here().privatelyTo(userId()), text));
    }

    /** Whether a reply was sent with {@link #sendAndForget}. */
    public boolean forgetWhenSent(OutgoingMessage reply) {
        return forgetWhenSent.contains(reply);
    }

    /** What this turn sends, in order; the bot writes it to the outbox in the same transaction. */
    public List<OutgoingMessage> replies() {
        return replies;
    }

    /**
     * The circle of this channel, or empty after telling the user that there is none yet (with
     * a button to start one).
     */
    public Optional<Circle> requireCircle() {
        if (circle == null) {
            tell(text("error.notACircle"), List.of(new Choice(text("choice.startCircle"), START_CIRCLE_ACTION, "")));
        }
        return Optional.ofNullable(circle);
    }

    /** The acting user's role, or empty after explaining that they are not a member. */
    public Optional<Role> requireMember(Circle c) {
        Optional<Role> role = circles.roleOf(c, userId());
        if (role.isEmpty()) {
            tell(text("error.notMember"));
        }
        return role;
    }

    /** True when the acting user is the facilitator; otherwise explains and answers false. */
    public boolean requireFacilitator(Circle c) {
        Optional<Role> role = requireMember(c);
        if (role.isPresent() && role.get() != Role.FACILITATOR) {
            tell(text("error.onlyFacilitator"));
            return false;
        }
        return role.isPresent();
    }

    /** True when the acting user is the facilitator or co-host; otherwise explains and answers false. */
    public boolean requireSteering(Circle c) {
        return requireSteering(c, null, null);
    }

    /**
     * The one steering rule: the facilitator and the co-host steer, and so does the one member
     * the thing at hand gives the wheel to (a case's bringer, a session's own co-host), when there
     * is one. Otherwise explains who may, naming that member's part ({@code alsoKey}, a text key,
     * or the plain rule without it) and answers false.
     */
    public boolean requireSteering(Circle c, String alsoSteers, String alsoKey) {
        return requireSteering(c, alsoSteers, alsoKey, null);
    }

    /**
     * {@link #requireSteering(Circle, String, String)}, on an occasion the facilitator steps back
     * from (a session the circle agreed to run without its facilitator): when
     * {@code facilitatorStepsBack} is not null, a facilitator who is not also that member hears
     * it (a kind word on who leads instead) and does not steer.
     */
    public boolean requireSteering(Circle c, String alsoSteers, String alsoKey, String facilitatorStepsBack) {
        Optional<Role> role = requireMember(c);
        if (role.isEmpty()) {
            return false;
        }
        if (facilitatorStepsBack != null && role.get() == Role.FACILITATOR && !userId().equals(alsoSteers)) {
            tell(facilitatorStepsBack);
            return false;
        }
        if (role.get().canSteer() || userId().equals(alsoSteers)) {
            return true;
        }
        tell(alsoKey == null ? text("error.onlySteering") : text("error.onlySteeringOr", text(alsoKey)));
        return false;
    }
}
