package nl.leerkring.core.setup;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Circles;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.core.i18n.Word;

/**
 * The commands that set up a circle: {@code start}, {@code rol}, {@code leden},
 * {@code leervraag}, {@code afspraken} and {@code taal}.
 */
public final class CircleCommands {

    public static final String START_ACTION = Turn.START_CIRCLE_ACTION;
    static final String LANGUAGE_ACTION = "circle.language";
    static final int MAX_QUESTION_CHARS = 2000;
    static final int MAX_CONTRACT_CHARS = 4000;

    private CircleCommands() {
    }

    public static void register(CommandRegistry registry) {
        registry.add(new Command("start", "start", (turn, args) -> start(turn)))
                .command("rol", "role", Need.FACILITATOR, (turn, args) -> role(turn, args, registry))
                .command("leden", "members", Need.CIRCLE, (turn, args) -> members(turn))
                .command("leervraag", "question", Need.CIRCLE, CircleCommands::learningQuestion)
                .command("afspraken", "contract", Need.CIRCLE, CircleCommands::contract)
                .command("taal", "language", Need.CIRCLE, CircleCommands::language)
                .onChoice(START_ACTION, (turn, value) -> start(turn))
                .onChoice(LANGUAGE_ACTION, Need.CIRCLE, CircleCommands::language);
    }

    static void start(Turn turn) {
        if (turn.here().isDirect() || turn.here().isHome()) {
            // a circle is a channel's: a direct chat with the bot holds only the person's own things
            turn.tell(turn.text("start.notInDirect"));
            return;
        }
        Optional<Circle> existing = turn.circle();
        if (existing.isPresent()) {
            turn.tell(turn.text("start.already", facilitators(turn, existing.get())));
            return;
        }
        Circle circle = turn.circles().create(turn.here().platform(), turn.here().workspaceId(), turn.here().channelId(),
                turn.texts().language(), turn.userId(), turn.now());
        turn.circleChanged(circle);
        turn.send(OutgoingMessage.text(turn.here(), turn.text("start.done", Mentions.of(turn.userId())))
                .withTitle(turn.text("start.title")));
    }

    static void role(Turn turn, String args, CommandRegistry registry) {
        Circle circle = turn.theCircle();
        Optional<Mentions.Found> mention = Mentions.first(args);
        if (mention.isEmpty() || mention.get().rest().isEmpty()) {
            turn.tell(turn.text("role.usage"));
            return;
        }
        String target = mention.get().userId();
        String word = mention.get().rest().split("\\s+")[0];
        boolean removing = Word.NONE.matches(word);
        Optional<Role> role = removing ? Optional.empty() : Role.parse(word);
        if (!removing && role.isEmpty()) {
            turn.tell(turn.text("role.unknown", word));
            return;
        }
        // decided under the circle's lock: two facilitators demoting each other at once leave one
        turn.circles().lock(circle);
        if (!turn.requireFacilitator(circle)) {
            return;
        }
        List<Member> members = turn.circles().members(circle);
        boolean targetIsLastFacilitator = members.stream().filter(m -> m.role() == Role.FACILITATOR).count() == 1
                && members.stream().anyMatch(m -> m.userId().equals(target) && m.role() == Role.FACILITATOR);
        if (targetIsLastFacilitator && role.orElse(null) != Role.FACILITATOR) {
            turn.tell(turn.text("role.lastFacilitator"));
            return;
        }
        if (removing) {
            if (members.stream().noneMatch(m -> m.userId().equals(target))) {
                turn.tell(turn.text("role.notAMember", Mentions.of(target)));
                return;
            }
            turn.circles().remove(circle, target);
            turn.say(turn.text("role.removed", Mentions.of(target)));
            registry.membershipChanged(turn, circle, target, false);
            return;
        }
        boolean joins = members.stream().noneMatch(m -> m.userId().equals(target));
        turn.circles().setRole(circle, target, role.get(), turn.now());
        turn.say(turn.text("role.set", Mentions.of(target), role.get().word(turn.texts().language())));
        if (joins) {
            registry.membershipChanged(turn, circle, target, true);
        }
    }

    static void members(Turn turn) {
        Circle circle = turn.theCircle();
        List<Member> members = turn.circles().members(circle);
        String language = turn.texts().language();
        List<Field> fields = List.of(
                new Field(turn.text("members.count"), String.valueOf(members.size())));
        String list = members.stream()
                .map(m -> "• " + Mentions.of(m.userId()) + " — " + m.role().word(language))
                .collect(Collectors.joining("\n"));
        String hint = members.size() < 3 ? "\n\n" + turn.text("members.addHint") : "";
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), list + hint)
                .withTitle(turn.text("members.title")).withFields(fields));
    }

    static void learningQuestion(Turn turn, String args) {
        setOrShow(turn, args, "question", MAX_QUESTION_CHARS, Circle::learningQuestion, Circles::setLearningQuestion);
    }

    static void contract(Turn turn, String args) {
        setOrShow(turn, args, "contract", MAX_CONTRACT_CHARS, Circle::contract, Circles::setContract);
    }

    @FunctionalInterface
    private interface Setter {
        void set(Circles circles, Circle circle, String value);
    }

    /**
     * Shared by the learning question and the contract: without text anyone in the channel sees
     * the current one; with text the facilitator or co-host sets it.
     */
    private static void setOrShow(Turn turn, String args, String key, int maxChars,
                                  Function<Circle, String> current, Setter setter) {
        Circle circle = turn.theCircle();
        String text = args.strip();
        if (text.isEmpty()) {
            String value = current.apply(circle);
            turn.tell(value == null ? turn.text(key + ".none") : turn.text(key + ".show", value));
            return;
        }
        if (!turn.requireSteering(circle)) {
            return;
        }
        if (text.length() > maxChars) {
            turn.tell(turn.text("error.tooLong", text.length(), maxChars));
            return;
        }
        setter.set(turn.circles(), circle, text);
        turn.say(turn.text(key + ".set", Mentions.of(turn.userId()), text));
    }

    static void language(Turn turn, String args) {
        Circle circle = turn.theCircle();
        String wanted = args.strip().toLowerCase();
        if (wanted.isEmpty()) {
            turn.tell(turn.text("language.ask"), List.of(
                    new Choice("Nederlands", LANGUAGE_ACTION, Texts.DUTCH),
                    new Choice("English", LANGUAGE_ACTION, Texts.ENGLISH)));
            return;
        }
        if (!turn.requireFacilitator(circle)) {
            return;
        }
        if (!Texts.isSupported(wanted)) {
            turn.tell(turn.text("language.unknown", wanted));
            return;
        }
        turn.circles().setLanguage(circle, wanted);
        turn.circleChanged(new Circle(circle.id(), circle.platform(), circle.workspaceId(), circle.channelId(), wanted,
                circle.learningQuestion(), circle.contract(), circle.createdAt()));
        turn.say(turn.text("language.set"));
    }

    private static String facilitators(Turn turn, Circle circle) {
        return turn.circles().members(circle).stream()
                .filter(m -> m.role() == Role.FACILITATOR)
                .map(m -> Mentions.of(m.userId()))
                .collect(Collectors.joining(", "));
    }
}
