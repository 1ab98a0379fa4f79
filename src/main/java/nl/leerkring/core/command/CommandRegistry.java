package nl.leerkring.core.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.core.i18n.Typos;

/**
 * Every {@code /kring} subcommand by its Dutch and English name, and every choice (button)
 * action by its id. Features register here at start-up, each declaring what its handlers need
 * ({@link Need}); the registry checks that before a handler runs, and reads typed choice values
 * ({@link ChoiceValue}) so that handlers never parse a value string themselves.
 */
public final class CommandRegistry {

    private final List<Command> commands = new ArrayList<>();
    private final Map<Command, String> sectionOf = new HashMap<>();
    private String section = "help.section.circle";
    private final Map<String, Command> byName = new HashMap<>();
    private final Map<String, Command.Handler> choiceHandlers = new HashMap<>();
    private final Map<String, Command.Handler> scheduledHandlers = new HashMap<>();
    private final List<Command.Handler> messageHandlers = new ArrayList<>();
    private final List<Command.Handler> profileHandlers = new ArrayList<>();
    private final List<MembershipHandler> membershipHandlers = new ArrayList<>();
    /** form action → field id → how that field is read. */
    private final Map<String, Map<String, FieldCheck>> fieldChecks = new HashMap<>();
    private final Map<String, FormCheck> formChecks = new HashMap<>();
    private final Map<String, FileMaker> fileMakers = new HashMap<>();

    /**
     * Makes a file of one kind ({@code OutgoingMessage.File.kind}) again for the person who asks
     * for it, when a platform delivers the file later than its message (Teams, after the member's
     * consent): from the stored state, at that moment, never from a copy.
     */
    @FunctionalInterface
    public interface FileMaker {
        Optional<nl.leerkring.chat.OutgoingMessage.File> make(org.jdbi.v3.core.Handle handle,
                                                              nl.leerkring.core.circle.Person person, java.time.Instant now);
    }

    /** Told when a member joined a circle or left it, in the turn that changed it. */
    @FunctionalInterface
    public interface MembershipHandler {
        void changed(Turn turn, nl.leerkring.core.circle.Circle circle, String userId, boolean joined);
    }

    public CommandRegistry add(Command command) {
        for (String name : List.of(command.dutch(), command.english())) {
            Command previous = byName.putIfAbsent(name, command);
            if (previous != null && previous != command) {
                throw new IllegalStateException("Two commands are called '" + name + "'");
            }
        }
        commands.add(command);
        sectionOf.put(command, section);
        return this;
    }

    /** The commands added from now on are listed in help under this heading (a text key). */
    public CommandRegistry section(String headingKey) {
        this.section = headingKey;
        return this;
    }

    /** The help heading of a command (a text key). */
    public String sectionOf(Command command) {
        return sectionOf.get(command);
    }

    /** A command that needs nothing, or declares its need: {@code command("rol", "role", Need.FACILITATOR, …)}. */
    public CommandRegistry command(String dutch, String english, Need need, Command.Handler handler) {
        return add(new Command(dutch, english, need, handler));
    }

    /** The handler of a choice with a typed value. */
    @FunctionalInterface
    public interface ChoiceHandler<V> {
        void run(Turn turn, V value);
    }

    /**
     * A choice whose value the parser reads. An unreadable value, or a circle the value names
     * that is not in this workspace, is a stale button; then the need is checked (in the named
     * circle, when the value names one).
     */
    public <V> CommandRegistry onChoice(String action, ChoiceValue.Parser<V> parser, Need need, ChoiceHandler<V> handler) {
        return onChoice(action, (turn, value) -> {
            Optional<V> parsed = parser.parse(value);
            if (parsed.isEmpty() || (parsed.get() instanceof ChoiceValue.OfCircle named
                    && turn.circleNamed(named.circleId()).isEmpty())) {
                turn.tell(turn.text("error.staleChoice"));
                return;
            }
            if (need.check(turn)) {
                handler.run(turn, parsed.get());
            }
        });
    }

    /** A choice whose value is not read (or read by the handler), with its need. */
    public CommandRegistry onChoice(String action, Need need, Command.Handler handler) {
        return onChoice(action, (turn, value) -> {
            if (need.check(turn)) {
                handler.run(turn, value);
            }
        });
    }

    public CommandRegistry onChoice(String action, Command.Handler handler) {
        if (choiceHandlers.putIfAbsent(action, handler) != null) {
            throw new IllegalStateException("Two handlers for choice action '" + action + "'");
        }
        return this;
    }

    /** How the field {@code fieldId} of the forms with {@code formAction} is read (see {@link FieldCheck}). */
    public CommandRegistry checkField(String formAction, String fieldId, FieldCheck check) {
        if (fieldChecks.computeIfAbsent(formAction, a -> new java.util.LinkedHashMap<>()).putIfAbsent(fieldId, check) != null) {
            throw new IllegalStateException("Two checks for field '" + fieldId + "' of form '" + formAction + "'");
        }
        return this;
    }

    /** How the forms with {@code formAction} are read as a whole (see {@link FormCheck}). */
    public CommandRegistry checkForm(String formAction, FormCheck check) {
        if (formChecks.putIfAbsent(formAction, check) != null) {
            throw new IllegalStateException("Two checks for form '" + formAction + "'");
        }
        return this;
    }

    /**
     * What is wrong with a submitted form: its answers one by one ({@link #problems}), and when
     * they all pass, the form as a whole ({@link FormCheck}).
     */
    public Map<String, String> formProblems(Turn turn, String formAction, Map<String, String> answers) {
        Map<String, String> problems = problems(turn, formAction, answers);
        FormCheck whole = formChecks.get(formAction);
        return problems.isEmpty() && whole != null ? whole.problems(turn, answers) : problems;
    }

    /**
     * What is wrong with the given answers of a form, by field id, in the turn's language: each
     * answer given is read by its field's check; an empty answer is left to the field's
     * {@code optional} (the platforms ask for required ones themselves).
     */
    public Map<String, String> problems(Turn turn, String formAction, Map<String, String> answers) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        fieldChecks.getOrDefault(formAction, Map.of()).forEach((field, check) -> {
            String answer = answers.get(field);
            if (answer != null && !answer.isBlank()) {
                check.problem(turn, answer.strip()).ifPresent(p -> problems.put(field, p));
            }
        });
        return problems;
    }

    /** What to do when a scheduled moment with this action comes due (never reachable by a button). */
    public CommandRegistry onScheduled(String action, Command.Handler handler) {
        if (scheduledHandlers.putIfAbsent(action, handler) != null) {
            throw new IllegalStateException("Two handlers for scheduled action '" + action + "'");
        }
        return this;
    }

    /** Who reads plain messages (replies in a case's thread); each gets the message text. */
    public CommandRegistry onMessage(Command.Handler handler) {
        messageHandlers.add(handler);
        return this;
    }

    /** Who takes in what a platform profile says of a user (the value: a time zone id). */
    public CommandRegistry onProfile(Command.Handler handler) {
        profileHandlers.add(handler);
        return this;
    }

    /** Who makes a file of this kind again for the person who asks ({@link FileMaker}). */
    public CommandRegistry onFile(String kind, FileMaker maker) {
        if (fileMakers.putIfAbsent(kind, maker) != null) {
            throw new IllegalStateException("Two makers for files of kind '" + kind + "'");
        }
        return this;
    }

    public Optional<FileMaker> fileMaker(String kind) {
        return Optional.ofNullable(kind == null ? null : fileMakers.get(kind));
    }

    /** Who follows members joining and leaving (the co-host rotation, reminders). */
    public CommandRegistry onMembership(MembershipHandler handler) {
        membershipHandlers.add(handler);
        return this;
    }

    /** A member joined ({@code joined}) or left the circle: every feature that follows membership hears it. */
    public void membershipChanged(Turn turn, nl.leerkring.core.circle.Circle circle, String userId, boolean joined) {
        List.copyOf(membershipHandlers).forEach(h -> h.changed(turn, circle, userId, joined));
    }

    public List<Command.Handler> profileHandlers() {
        return List.copyOf(profileHandlers);
    }

    public Optional<Command.Handler> scheduledHandler(String action) {
        return Optional.ofNullable(scheduledHandlers.get(action));
    }

    public List<Command.Handler> messageHandlers() {
        return List.copyOf(messageHandlers);
    }

    /** Runs a command after checking what it needs; an unknown word is answered as such. */
    public void runCommand(Turn turn, String word, String args) {
        String[] next = args.strip().split("\\s+", 2);
        Optional<Command> twoWords = find(word + " " + next[0]);
        Optional<Command> command = twoWords.or(() -> find(word));
        String rest = twoWords.isPresent() ? (next.length > 1 ? next[1] : "") : args;
        command.ifPresentOrElse(c -> {
            if (c.need().check(turn)) {
                c.handler().run(turn, rest);
            }
        }, () -> {
            List<String> meant = startingWith(word);
            if (meant.isEmpty()) {
                meant = nearest(word).map(n -> List.of("/kring " + n)).orElse(List.of());
            }
            turn.tell(meant.isEmpty() ? turn.text("error.unknownCommand", word)
                    : turn.text("error.whichCommand", String.join(", ", meant)));
        });
    }

    /** The command a typo most likely meant ({@code strat} → {@code start}): one or two letters off, or two swapped. */
    Optional<String> nearest(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        int allowed = w.length() <= 4 ? 1 : 2;
        return byName.keySet().stream().filter(n -> !n.contains(" "))
                .filter(n -> Typos.distance(w, n) <= allowed)
                .min(java.util.Comparator.comparingInt((String n) -> Typos.distance(w, n)).thenComparing(n -> n));
    }

    /** The commands of two words whose first word this is ({@code mijn} → mijn feedback, mijn gegevens). */
    private List<String> startingWith(String word) {
        String w = word.toLowerCase(Locale.ROOT) + " ";
        return byName.keySet().stream().filter(n -> n.startsWith(w)).sorted().map(n -> "/kring " + n).toList();
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<Command.Handler> choiceHandler(String action) {
        return Optional.ofNullable(choiceHandlers.get(action));
    }

    /** In registration order, for the help text. */
    public List<Command> all() {
        return List.copyOf(commands);
    }

    /** True when the word is an English alias only (it decides the language outside a circle). */
    public boolean isEnglishName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return find(n).map(c -> c.english().equals(n) && !c.dutch().equals(n))
                .orElseGet(() -> commands.stream().anyMatch(c -> c.english().startsWith(n + " "))
                        && commands.stream().noneMatch(c -> c.dutch().startsWith(n + " ")));
    }

    /** The text key of a command's line in help: {@code help.mijn.feedback} for {@code mijn feedback}. */
    public static String helpKey(Command command) {
        return "help." + command.dutch().replace(' ', '.');
    }
}
