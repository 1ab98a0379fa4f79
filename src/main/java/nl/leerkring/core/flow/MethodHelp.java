package nl.leerkring.core.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.method.Method;
import nl.leerkring.core.method.MethodAdvice;
import nl.leerkring.core.method.MethodLibrary;
import nl.leerkring.core.method.Suit;

/**
 * {@code /kring methodes}: help to choose a method. It asks what kind of question the case
 * bringer has and how much time there is, takes the group's size from the circle (or asks, where
 * there is no circle or it has no members yet), and suggests two or three methods that suit the
 * question and fit the time and the group, each with a button to see its steps. {@code /kring
 * methodes alle} lists every method, as does a button under each question. Everything is
 * answered privately; nothing starts.
 */
final class MethodHelp {

    static final String ASK = "methods.choose";
    static final String SHOW = "methods.show";
    static final String ALL = "methods.all";
    /** The times offered, in minutes. */
    static final List<Integer> TIMES = List.of(45, 60, 90);
    /** The group sizes offered where the circle does not tell. */
    static final List<Integer> SIZES = List.of(3, 4, 5, 6, 7, 8, 10);
    /** A circle smaller than this has not added its members yet: then the size is asked. */
    private static final int KNOWN_SIZE = 3;
    private static final Pattern ALL_WORDS = Pattern.compile("(?iu)alle|all|lijst|list");

    /**
     * What has been answered so far: {@code <language>:<kind>:<minutes>:<members>}, 0 for what
     * is not yet known. Every press carries the answers before it; nothing is stored. The
     * language is the one the question was asked in, for a press where there is no circle.
     */
    record Question(String language, Suit kind, int minutes, int members) implements ChoiceValue {

        @Override
        public String encode() {
            return language + ":" + kind.yamlName() + ":" + minutes + ":" + members;
        }

        Question with(int newMinutes, int newMembers) {
            return new Question(language, kind, newMinutes, newMembers);
        }

        static Optional<Question> parse(String value) {
            return ChoiceValue.parts(value, 4).flatMap(p -> {
                Optional<Suit> kind = java.util.Arrays.stream(Suit.values()).filter(s -> s.yamlName().equals(p[1])).findFirst();
                Optional<Long> minutes = ChoiceValue.number(p[2]);
                Optional<Long> members = ChoiceValue.number(p[3]);
                if (!p[0].matches("nl|en") || kind.isEmpty() || minutes.isEmpty() || members.isEmpty()
                        || minutes.get() < 0 || minutes.get() > 600 || members.get() < 0 || members.get() > 99) {
                    return Optional.empty();
                }
                return Optional.of(new Question(p[0], kind.get(), minutes.get().intValue(), members.get().intValue()));
            });
        }
    }

    /** A button that needs no more than the language it was offered in. */
    record InLanguage(String language) implements ChoiceValue {

        @Override
        public String encode() {
            return language;
        }

        static Optional<InLanguage> parse(String value) {
            return value != null && value.matches("nl|en") ? Optional.of(new InLanguage(value)) : Optional.empty();
        }
    }

    /** A method to see: {@code <language>:<method id>}. */
    record Shown(String language, String methodId) implements ChoiceValue {

        private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

        @Override
        public String encode() {
            return language + ":" + methodId;
        }

        static Optional<Shown> parse(String value) {
            return ChoiceValue.parts(value, 2).filter(p -> p[0].matches("nl|en") && ID.matcher(p[1]).matches())
                    .map(p -> new Shown(p[0], p[1]));
        }
    }

    private final MethodLibrary methods;
    private final Consumer<Turn> listAll;

    private MethodHelp(MethodLibrary methods, Consumer<Turn> listAll) {
        this.methods = methods;
        this.listAll = listAll;
    }

    /**
     * @param show shows one method's steps ({@code /kring methode <naam>})
     * @param listAll lists every method
     */
    static void register(CommandRegistry registry, MethodLibrary methods, BiConsumer<Turn, String> show, Consumer<Turn> listAll) {
        MethodHelp help = new MethodHelp(methods, listAll);
        registry.command("methodes", "methods", Need.NOTHING, help::command)
                .onChoice(ASK, Question::parse, Need.NOTHING, (turn, q) -> {
                    turn.speakOutsideCircle(q.language());
                    help.answered(turn, q);
                })
                .onChoice(SHOW, Shown::parse, Need.NOTHING, (turn, shown) -> {
                    turn.speakOutsideCircle(shown.language());
                    show.accept(turn, shown.methodId());
                })
                .onChoice(ALL, InLanguage::parse, Need.NOTHING, (turn, in) -> {
                    turn.speakOutsideCircle(in.language());
                    listAll.accept(turn);
                });
    }

    /**
     * {@code /kring methodes [alle]}, or typed answers: a kind of question ({@code praktisch},
     * {@code handelen}, {@code persoon}, or in English) and, after it, the minutes and then a
     * group size ({@code persoon 60 5}); what is not typed is asked.
     */
    private void command(Turn turn, String args) {
        if (ALL_WORDS.matcher(args.strip()).matches()) {
            listAll.accept(turn);
            return;
        }
        Suit kind = null;
        int minutes = 0;
        int members = 0;
        for (String word : args.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            Optional<Suit> k = kindOf(word);
            if (k.isPresent()) {
                kind = k.get();
            } else if (word.matches("\\d{1,3}(m|min|minuten|minutes)?") && minutes == 0) {
                minutes = Integer.parseInt(word.replaceAll("\\D", ""));
            } else if (word.matches("\\d{1,2}")) {
                members = Integer.parseInt(word);
            } else if (!word.matches("leden|members|mensen|people|minuten|minutes|min")) {
                turn.tell(turn.text("methods.usage"));
                return;
            }
        }
        if (kind == null) {
            askKind(turn);
        } else {
            answered(turn, new Question(turn.texts().language(), kind, minutes, members));
        }
    }

    private static Optional<Suit> kindOf(String word) {
        return switch (word) {
            case "praktisch", "practical", "probleem", "problem" -> Optional.of(Suit.PRACTICAL);
            case "handelen", "acting", "aanpak", "approach" -> Optional.of(Suit.ACTING);
            case "persoon", "person", "persoonlijk", "personal" -> Optional.of(Suit.PERSON);
            default -> Optional.empty();
        };
    }

    private void askKind(Turn turn) {
        List<Choice> choices = new ArrayList<>();
        for (Suit kind : Suit.values()) {
            choices.add(new Choice(turn.text("methods.kind." + kind.yamlName()), ASK, new Question(turn.texts().language(), kind, 0, 0).encode()));
        }
        choices.add(new Choice(turn.text("methods.choice.all"), ALL, new InLanguage(turn.texts().language()).encode()));
        ask(turn, turn.text("methods.ask.kind"), choices);
    }

    /** The next question, or the advice once all is known. */
    private void answered(Turn turn, Question q) {
        if (q.minutes() == 0) {
            ask(turn, turn.text("methods.ask.time", turn.text("methods.kind." + q.kind().yamlName())), TIMES.stream()
                    .map(t -> new Choice(turn.text("methods.choice.minutes", t), ASK, q.with(t, q.members()).encode()))
                    .toList());
            return;
        }
        int members = q.members() > 0 ? q.members() : circleSize(turn);
        if (members == 0) {
            ask(turn, turn.text("methods.ask.group"), SIZES.stream()
                    .map(n -> new Choice(turn.text(n == SIZES.get(SIZES.size() - 1) ? "methods.choice.membersOrMore" : "methods.choice.members", n),
                            ASK, q.with(q.minutes(), n).encode()))
                    .toList());
            return;
        }
        advise(turn, q.kind(), q.minutes(), members, q.members() == 0);
    }

    /** The members of this channel's circle, or 0 when there is none or it has not added its members yet. */
    private static int circleSize(Turn turn) {
        return turn.circle().map(c -> turn.circles().members(c).size()).filter(n -> n >= KNOWN_SIZE).orElse(0);
    }

    private void advise(Turn turn, Suit kind, int minutes, int members, boolean fromCircle) {
        String language = turn.texts().language();
        List<Method> suggested = MethodAdvice.suggest(methods.all(), kind, minutes, OptionalInt.of(members));
        StringBuilder text = new StringBuilder(turn.text(fromCircle ? "methods.advice.forCircle" : "methods.advice.for",
                turn.text("methods.kind." + kind.yamlName()), minutes, members));
        List<Choice> choices = new ArrayList<>();
        if (suggested.isEmpty()) {
            text.append("\n\n").append(turn.text("methods.advice.none"));
        }
        for (Method m : suggested) {
            text.append("\n\n• ").append(m.name().in(language)).append(" (")
                    .append(FlowMessages.duration(turn, m.duration().orElseThrow())).append(") — ")
                    .append(m.purpose().in(language))
                    .append("\n  ").append(turn.text("methods.advice.see", m.id()));
            choices.add(new Choice(turn.text("methods.choice.see", m.name().in(language)), SHOW, new Shown(language, m.id()).encode()));
        }
        choices.add(new Choice(turn.text("methods.choice.all"), ALL, new InLanguage(turn.texts().language()).encode()));
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), text.toString())
                .withTitle(turn.text("methods.advice.title"))
                .withChoices(choices));
    }

    private static void ask(Turn turn, String question, List<Choice> choices) {
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), question)
                .withTitle(turn.text("methods.ask.title"))
                .withChoices(choices));
    }
}
