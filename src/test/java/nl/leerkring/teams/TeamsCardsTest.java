package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.actionTitles;
import static nl.leerkring.teams.TeamsChannel.fact;
import static nl.leerkring.teams.TeamsChannel.shown;
import static nl.leerkring.teams.TeamsChannel.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.microsoft.bot.restclient.serializer.JacksonAdapter;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Serialization;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.testing.ActielerenScript;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every card the bot sends to Teams, over whole runs through {@code /api/messages} in Dutch
 * and in English, checked by {@link CardChecks}: the Adaptive Card 1.5 schema, at most six
 * actions, names and not ids, mentions with entities. The runs: help, a complete
 * {@code actieleren} case with five members (forms, hidden answers, the vote, actions, the
 * report), and a session from the plan through every part of its agenda to an assignment in
 * every member's 1:1 chat. Each card is also written to {@code target/teams-cards/} for
 * {@code scripts/render-cards} to render.
 */
class TeamsCardsTest {

    static final String ALICE = "29:1alice";
    static final String BOB = "29:1bob";
    static final String CAROL = "29:1carol";
    static final String DAVE = "29:1dave";
    static final String ERIN = "29:1erin";
    static final List<String> OTHERS = List.of(BOB, CAROL, DAVE, ERIN);
    static final String CHANNEL = "19:cards-channel@thread.tacv2";
    static final Path WRITTEN = Path.of("target", "teams-cards");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The connector client's JSON, and the SDK's own with its flattening: made once, not per card. */
    private static final TeamsHttpAdapter.ConnectorJson CONNECTOR_JSON = new TeamsHttpAdapter.ConnectorJson();
    private static final JacksonAdapter SDK_JSON = new JacksonAdapter();
    static final Map<String, String> PEOPLE = Stream.concat(Stream.of(ALICE), OTHERS.stream())
            .collect(Collectors.toMap(u -> u, TeamsChannel::nameOf, (a, b) -> a, LinkedHashMap::new));

    @TempDir
    Path tmp;

    private TeamsServer server;
    private TeamsChannel kring;
    private Texts t;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nl", "en"})
    void everyCardOfHelpAndAWholeActielerenRunWithFiveMembersFitsTeams(String language) {
        start(language, Clock.systemUTC());
        int mark = kring.mark();
        kring.command(ALICE, "help");
        kring.awaitPrivate(mark, ALICE, c -> text(c).startsWith("Leerkring:"));

        Map<String, String> say = lines(language);
        mark = kring.mark();
        kring.command(ALICE, language.equals("en") ? "case" : "casus");
        FakeConnector.Call form = kring.awaitPrivate(mark, ALICE, TeamsChannel::isForm);
        kring.submit(ALICE, form, Map.of("title", say.get("title"), "case", say.get("case"), "question", say.get("question"),
                "method", "actieleren"));
        String thread = kring.awaitPostStarting(say.get("title")).answeredId();

        FakeConnector.Call step3 = step(3);
        for (int i = 0; i < OTHERS.size(); i++) {
            mark = kring.mark();
            kring.pressAndSubmit(OTHERS.get(i), step3, t.get("flow.choice.answerHidden"), Map.of("text", say.get("idea" + i)));
            kring.awaitPrivate(mark, OTHERS.get(i), t.get("flow.answer.saved"));
        }
        kring.awaitPostStarting(t.get("flow.reveal.title", 5));

        FakeConnector.Call step4 = step(4);
        String who = t.get("flow.step.who");
        List<String> picked = OTHERS.stream().filter(u -> fact(step4, who).contains(shown(u))).toList();
        assertEquals(2, picked.size(), fact(step4, who));
        kring.press(picked.get(0), step4, t.get("flow.choice.pass"));
        kring.reply(picked.get(1), thread, say.get("told"));

        FakeConnector.Call step5 = step(5);
        List<String> ideas = TeamsChannel.pickTitles(step5);
        assertEquals(5, ideas.size(), "the five ideas in a pick list: " + ideas);
        for (String voter : OTHERS) {
            mark = kring.mark();
            kring.press(voter, step5, ideas.get(voter.equals(ERIN) ? 3 : 1));
            kring.awaitPrivate(mark, voter, t.get("flow.vote.recorded"));
        }
        kring.awaitPost(c -> text(c).equals(t.get("flow.vote.chosen", ideas.get(1), 3)));

        FakeConnector.Call step6 = step(6);
        kring.reply(BOB, thread, say.get("dialogue"));
        kring.press(ALICE, step6, t.get("flow.choice.next"));
        FakeConnector.Call step7 = step(7);
        String summariser = OTHERS.stream().filter(u -> fact(step7, who).equals(shown(u))).findFirst().orElseThrow();
        kring.reply(summariser, thread, say.get("summary"));
        FakeConnector.Call step8 = step(8);
        kring.reply(ERIN, thread, say.get("sharper"));
        kring.press(ALICE, step8, t.get("flow.choice.next"));

        FakeConnector.Call step9 = step(9);
        String recorded = prefixOf("flow.action.recorded");
        kring.reply(BOB, thread, "<@" + BOB + "> " + say.get("action") + " " + ActielerenScript.inDays(30).format(typed(language)));
        kring.awaitPost(c -> text(c).startsWith(recorded + shown(BOB)));
        kring.pressAndSubmit(CAROL, step9, t.get("flow.choice.action"), Map.of("owner", CAROL, "what", say.get("formAction"),
                "due", ActielerenScript.inDays(45).format(typed(language))));
        kring.awaitPost(c -> text(c).startsWith(recorded + shown(CAROL)));
        kring.press(ALICE, step9, t.get("flow.choice.finish"));
        kring.awaitPostStarting(t.get("flow.report.title", say.get("title")));
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");

        checkEveryCard(language + "-actieleren", 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nl", "en"})
    void everyCardOfASessionRunFitsTeams(String language) {
        MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
        start(language, clock);
        kring.command(ALICE, "plan 12-01-2027 19:30 6x");
        kring.awaitPost(c -> text(c).contains("(6)"));

        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        kring.command(ALICE, language.equals("en") ? "session start" : "sessie start");
        kring.awaitPostStarting(prefixOf("session.agenda.title") + "1 ");
        String part = prefixOf("session.part.title");
        FakeConnector.Call last = null;
        int parts = 0;
        while (last == null) {
            parts++;
            FakeConnector.Call card = kring.awaitPostStarting(part + parts + " ");
            if (actionTitles(card).contains(t.get("session.choice.next"))) {
                kring.press(ALICE, card, t.get("session.choice.next"));
            } else {
                last = card;
            }
        }
        assertTrue(parts >= 3, parts + " parts");
        assertTrue(actionTitles(last).contains(t.get("session.choice.close")), actionTitles(last).toString());
        int mark = kring.mark();
        String assignment = lines(language).get("assignment");
        kring.command(ALICE, (language.equals("en") ? "assignment " : "opdracht ") + assignment);
        for (String member : PEOPLE.keySet()) {
            kring.awaitPrivate(mark, member, assignment.substring(0, 20));
        }
        kring.press(ALICE, last, t.get("session.choice.close"));
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");

        checkEveryCard(language + "-session", 15);
    }

    /** The check itself can fail: what the schema forbids, too many buttons, an id shown, a mention without its entity. */
    @Test
    void theChecksCatchABrokenCard() {
        AdaptiveCards cards = new AdaptiveCards(Texts.of("nl"));
        List<Choice> six = Stream.of("a", "b", "c", "d", "e", "f").map(v -> new Choice("Knop " + v, "vote", v)).toList();
        Activity rendered = cards.render(OutgoingMessage.text(Address.channel(Platform.TEAMS, TeamsChannel.TENANT, CHANNEL),
                "Stap 5 van 9 — Ideeën kiezen\n<@" + BOB + "> kiest").withChoices(six), "Leerkring", Map.of(BOB, "Bob")).get(0);
        ObjectNode sent = (ObjectNode) Serialization.objectToTree(rendered);
        ObjectNode good = (ObjectNode) sent.path("attachments").path(0).path("content");
        CardChecks checks = new CardChecks(PEOPLE);
        assertEquals(List.of(), CardChecks.schemaErrors(good), "a card as the bot renders it is valid");

        ObjectNode badSize = good.deepCopy();
        ((ObjectNode) badSize.path("body").path(0)).put("size", "Huge");
        assertTrue(CardChecks.schemaErrors(badSize).stream()
                .anyMatch(e -> e.startsWith("/body/0/size: does not have a value in the enumeration")), CardChecks.schemaErrors(badSize).toString());

        ObjectNode unknownElement = good.deepCopy();
        ((ArrayNode) unknownElement.path("body")).addObject().put("type", "Paragraph").put("text", "x");
        int last = unknownElement.path("body").size() - 1;
        assertTrue(CardChecks.schemaErrors(unknownElement).contains("/body/" + last
                + ": no element or action of Adaptive Cards is of type 'Paragraph'"), CardChecks.schemaErrors(unknownElement).toString());

        ObjectNode noVersion = good.deepCopy();
        noVersion.remove("version");
        noVersion.put("wrap", true);
        List<String> noVersionErrors = CardChecks.schemaErrors(noVersion);
        assertEquals(List.of("/: property 'wrap' is not defined in the schema and the schema does not allow additional properties"),
                noVersionErrors, "a property the card does not have");
        assertTrue(checks.problems(call(sent, noVersion)).contains("version '': Teams needs one, 1.5 at most"));

        ObjectNode seven = good.deepCopy();
        ((ArrayNode) seven.path("actions")).addObject().put("type", "Action.Submit").put("title", "Zeven");
        assertTrue(checks.problems(call(sent, seven)).contains("7 actions, Teams shows 6"));

        ObjectNode id = good.deepCopy();
        ((ObjectNode) id.path("body").path(0)).put("text", "Aan de beurt: " + CAROL);
        assertTrue(checks.problems(call(sent, id)).stream().anyMatch(p -> p.startsWith("shows the id of Carol")));

        ObjectNode noEntity = good.deepCopy();
        noEntity.remove("msteams");
        assertTrue(checks.problems(call(sent, noEntity)).contains("<at>Bob</at> without a mention entity"),
                checks.problems(call(sent, noEntity)).toString());
        ObjectNode notOnActivity = sent.deepCopy();
        notOnActivity.remove("entities");
        assertTrue(checks.problems(call(notOnActivity, good)).contains("the mention of Bob is not on the activity too"));
        assertEquals(List.of(), checks.problems(call(sent, good)));
    }

    private void start(String language, Clock clock) {
        server = TeamsServer.start(TestConfigs.withMethods(TestConfigs.server(TestDatabases.h2(tmp.resolve("db"))),
                TestMethods.actielerenWithShortTimer(tmp.resolve("methods"))), clock);
        kring = server.channel(CHANNEL);
        t = Texts.of(language);
        kring.startCircle(ALICE, OTHERS);
        if (language.equals("en")) {
            kring.command(ALICE, "taal en");
            kring.awaitPost(c -> text(c).contains(t.get("language.set")));
        }
    }

    /**
     * Checks every card the connector received, writes them to {@code target/teams-cards}, and
     * asserts that the run was what it claims (at least {@code atLeast} cards, some mentioning).
     */
    private void checkEveryCard(String name, int atLeast) {
        List<FakeConnector.Call> cards = server.connector().cards();
        CardChecks.write(WRITTEN, name, cards);
        CardChecks checks = new CardChecks(PEOPLE);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            for (String problem : checks.problems(cards.get(i))) {
                problems.add(String.format("%s-%03d.json (%s): %s", name, i + 1, text(cards.get(i)).lines().findFirst().orElse(""),
                        problem));
            }
            if (!sameJsonAsTheSdks(cards.get(i).body())) {
                problems.add(String.format("%s-%03d.json: the connector client's JSON differs from the SDK's", name, i + 1));
            }
        }
        if (name.startsWith("en-")) {
            // Teams' own words on the cards (required, pick, sent by) speak the circle's language too
            nl.leerkring.core.i18n.Texts dutch = nl.leerkring.core.i18n.Texts.of("nl");
            List<String> words = List.of(dutch.get("teams.required"), dutch.get("teams.pick"),
                    dutch.get("teams.submittedBy", "", "").replace("✓  — ", "").strip());
            for (int i = 0; i < cards.size(); i++) {
                for (String word : words) {
                    if (cards.get(i).body().contains(word)) {
                        problems.add(String.format("%s-%03d.json: Dutch '%s' in an English circle", name, i + 1, word));
                    }
                }
            }
        }
        assertEquals(List.of(), problems, problems.size() + " problems in " + cards.size() + " cards");
        int mentioning = (int) cards.stream().filter(c -> CardChecks.mentions(c) > 0).count();
        assertTrue(cards.size() >= atLeast, cards.size() + " cards");
        assertTrue(mentioning > 0, "no card mentions anyone");
        System.out.printf("%s: %d cards valid against the Adaptive Card 1.5 schema, %d with mentions, most actions %d%n", name,
                cards.size(), mentioning, cards.stream().mapToInt(c -> actionTitles(c).size()).max().orElse(0));
    }

    /**
     * The activity as the connector client writes it ({@link TeamsHttpAdapter.ConnectorJson}) and
     * as the SDK's own serializer, with its flattening, would have written it.
     */
    private static boolean sameJsonAsTheSdks(String body) {
        try {
            Activity activity = CONNECTOR_JSON.deserialize(body, Activity.class);
            JsonNode byOurs = JSON.readTree(CONNECTOR_JSON.serialize(activity));
            JsonNode bySdk = JSON.readTree(SDK_JSON.serialize(activity));
            return byOurs.equals(bySdk) && byOurs.equals(JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FakeConnector.Call step(int n) {
        return kring.awaitPostStarting(t.get("flow.step.title", n, 9, "").replace(" — ", ""));
    }

    /** A text's words before its first placeholder ("Actie vastgelegd: " of "Actie vastgelegd: {0} — …"). */
    private String prefixOf(String key) {
        String marked = t.get(key, "\u0001", "\u0001", "\u0001");
        return marked.substring(0, marked.indexOf('\u0001'));
    }

    private static DateTimeFormatter typed(String language) {
        return language.equals("en") ? DateTimeFormatter.ISO_LOCAL_DATE : ActielerenScript.TYPED;
    }

    /** What the members type, in their language. */
    private static Map<String, String> lines(String language) {
        if (language.equals("en")) {
            return Map.ofEntries(Map.entry("title", "Waiting list"), Map.entry("case", "A family has waited months for help."),
                    Map.entry("question", "What can we do now?"), Map.entry("idea0", "One case manager\nA warm handover"),
                    Map.entry("idea1", "A standing meeting with team B"), Map.entry("idea2", "A checklist at intake"),
                    Map.entry("idea3", "Let the client choose"), Map.entry("told", "I wrote: a warm handover, one face for the family."),
                    Map.entry("dialogue", "Who calls whom in a warm handover?"),
                    Map.entry("summary", "We choose a warm handover with a fixed call."),
                    Map.entry("sharper", "Within two working days of the intake."), Map.entry("action", "calls team B by"),
                    Map.entry("formAction", "makes a call schedule"),
                    Map.entry("assignment", "Describe a situation that did not work out until 20-01-2027"));
        }
        return Map.ofEntries(Map.entry("title", "Wachtlijst"), Map.entry("case", "Een gezin wacht al maanden op hulp."),
                Map.entry("question", "Wat kunnen wij nu al doen?"), Map.entry("idea0", "Eén casusregisseur\nWarme overdracht"),
                Map.entry("idea1", "Vast overleg met team B"), Map.entry("idea2", "Checklist bij aanmelding"),
                Map.entry("idea3", "Cliënt zelf laten kiezen"), Map.entry("told", "Ik schreef op: warme overdracht, één gezicht."),
                Map.entry("dialogue", "Wie belt wie bij een warme overdracht?"),
                Map.entry("summary", "We kiezen een warme overdracht met een vaste belafspraak."),
                Map.entry("sharper", "Binnen twee werkdagen na de aanmelding."), Map.entry("action", "belt team B voor"),
                Map.entry("formAction", "maakt een belschema"),
                Map.entry("assignment", "Beschrijf een situatie die niet lukte tot 20-01-2027"));
    }

    /** The activity the bot sent, as the connector received it, with {@code card} as its card. */
    private static FakeConnector.Call call(ObjectNode activity, ObjectNode card) {
        ObjectNode changed = activity.deepCopy();
        ((ObjectNode) changed.path("attachments").path(0)).set("content", card);
        return new FakeConnector.Call("POST", "/v3/conversations/" + CHANNEL + "/activities", changed.toString(), null, "1", 0, null);
    }
}
