package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow engine running actieleren with five members, through the real core, a real H2
 * database and the real delivery worker (to a scripted platform, which gives threads their ids).
 */
class ActielerenFlowTest {

    static final List<String> OTHERS = List.of("bob", "carol", "dave", "erin");

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void circleOfFive() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock);
        kring.command("alice", "start");
        for (String member : OTHERS) {
            kring.command("alice", "rol <@" + member + "> lid");
        }
    }

    @AfterEach
    void close() {
        kring.close();
    }

    long startCase() {
        kring.command("alice", "casus actieleren Overdracht in het wijkteam");
        kring.deliver();
        return flowId();
    }

    long flowId() {
        return kring.flows().newestFlow();
    }

    int step(long flow) {
        return kring.flows().stepIndex(flow);
    }

    List<String> actors(long flow) {
        String actors = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors FROM flow_run WHERE id = :id")
                .bind("id", flow).mapTo(String.class).one());
        return List.of(actors.split(","));
    }

    OutgoingMessage lastTitled(String prefix) {
        return kring.lastTitled(prefix);
    }

    String at(long flow) {
        return flow + ":" + step(flow);
    }

    @Test
    void aCompleteRunWithFiveMembers() {
        long flow = startCase();
        String thread = kring.threadOf(flow);
        OutgoingMessage start = kring.outbox().stream().filter(m -> ("flow:" + flow).equals(m.anchorKey())).findFirst().orElseThrow();
        assertEquals("Overdracht in het wijkteam", start.title());
        assertTrue(start.text().contains("9 stappen"), start.text());

        // 1 and 2: the bringer writes the case and the reflection question in the thread
        OutgoingMessage step1 = lastTitled("Stap 1 van 9");
        assertEquals("flow:" + flow, step1.threadAnchor(), "steps are posted in the case's thread");
        kring.reply("bob", thread, "Ik weet hoe het zit");
        assertEquals(0, step(flow), "only the bringer answers step 1");
        assertEquals(BotHarness.text("flow.error.notYourTurn", "<@alice>", 1), kring.last().text());
        assertEquals(0L, kring.count("flow_contribution"), "a reply out of turn is not recorded");
        kring.reply("alice", thread, "Een cliënt valt tussen twee teams in.");
        assertEquals(1, step(flow));
        kring.reply("alice", thread, "Hoe voorkomen we dat een cliënt tussen wal en schip valt?");
        assertEquals(2, step(flow));

        // 3: one minute, answers hidden until the timer fires
        OutgoingMessage step3 = lastTitled("Stap 3 van 9");
        assertTrue(step3.fields().stream().anyMatch(f -> f.value().equals("nog 1 minuut")), step3.fields().toString());
        var timer = kring.timers().scheduled().values().iterator().next();
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), timer.when());
        Choice answerButton = step3.choices().get(0);
        kring.press("bob", answerButton.action(), answerButton.value());
        assertNotNull(kring.last().form(), "the answer button opens a form");
        assertEquals("bob", kring.last().to().privateTo());
        kring.submit("bob", kring.last().form().action(), kring.last().form().context(), Map.of("text", "Eén casusregisseur\nWarme overdracht"));
        kring.submit("carol", "flow.answer.submit", at(flow), Map.of("text", "Vast overleg met team B"));
        kring.submit("dave", "flow.answer.submit", at(flow), Map.of("text", "Checklist bij aanmelding"));
        kring.reply("erin", thread, "Ik zeg het gewoon hier");
        assertTrue(kring.last().text().contains("verborgen"), "a thread reply in a hidden step is refused: " + kring.last().text());
        kring.submit("erin", "flow.answer.submit", at(flow), Map.of("text", "Cliënt zelf laten kiezen"));
        assertEquals(2, step(flow), "everyone answered, but the step waits for its timer");
        for (OutgoingMessage m : kring.outbox()) {
            boolean containsBobsIdea = m.plainText().contains("casusregisseur");
            assertFalse(containsBobsIdea && !"bob".equals(m.to().privateTo()), "hidden answer leaked before the timer: " + m);
        }

        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, kring.timers().fireDue(kring.bot(), clock.instant()));
        OutgoingMessage reveal = lastTitled("De antwoorden");
        assertTrue(reveal.text().contains("<@bob>: Eén casusregisseur") && reveal.text().contains("<@bob>: Warme overdracht"), reveal.text());
        assertTrue(reveal.text().contains("<@erin>: Cliënt zelf laten kiezen"), reveal.text());
        assertFalse(reveal.to().isPrivate());
        assertEquals(3, step(flow));

        // 4: two picked at random; one passes, one tells
        List<String> picked = actors(flow);
        assertEquals(2, picked.size());
        assertTrue(OTHERS.containsAll(picked), "the bringer is not picked: " + picked);
        kring.press(picked.get(0), "flow.pass", at(flow));
        kring.reply(picked.get(1), thread, "Ik schreef op: warme overdracht, omdat ...");
        assertEquals(4, step(flow));

        // 5: a vote on the ideas of step 3
        OutgoingMessage vote = lastTitled("Stap 5 van 9");
        Choice warm = vote.choices().stream().filter(c -> c.label().equals("Warme overdracht")).findFirst().orElseThrow();
        Choice check = vote.choices().stream().filter(c -> c.label().equals("Checklist bij aanmelding")).findFirst().orElseThrow();
        kring.press("bob", warm.action(), warm.value());
        kring.press("carol", check.action(), check.value());
        kring.press("carol", warm.action(), warm.value()); // changes her mind: one vote each
        kring.press("dave", warm.action(), warm.value());
        kring.press("erin", check.action(), check.value());
        assertEquals(5, step(flow));
        assertTrue(kring.outbox().stream().anyMatch(m -> m.plainText().contains("Gekozen: Warme overdracht (3 stemmen)")));

        // 6: dialogue until a steering person moves on; a member may not
        kring.reply("bob", thread, "Wie belt wie bij een warme overdracht?");
        kring.reply("carol", thread, "Het team dat de cliënt kent.");
        kring.press("dave", "flow.next", at(flow));
        assertEquals(5, step(flow), "a member cannot move the flow on");
        assertEquals(BotHarness.text("error.onlySteeringOr", BotHarness.text("flow.steersAlso")), kring.last().text());
        kring.press("alice", "flow.next", at(flow));
        assertEquals(6, step(flow));

        // 7: one member sums up
        String summariser = actors(flow).get(0);
        kring.reply(summariser, thread, "We kiezen een warme overdracht met vaste belafspraak.");
        assertEquals(7, step(flow));

        // 8: sharpening, moved on by the bringer
        kring.reply("erin", thread, "Binnen twee werkdagen.");
        kring.press("alice", "flow.next", at(flow));
        assertEquals(8, step(flow));

        // 9: follow-up actions with owner and date; mistakes are explained and change nothing
        kring.reply("bob", thread, "<@bob> belt team B voor 12-01-2027");
        kring.reply("carol", thread, "<@carol> maakt een belschema op 31 februari 2027");
        assertTrue(kring.last().text().contains("bestaat niet"), kring.last().text());
        kring.reply("carol", thread, "<@carol> maakt een belschema voor 1-11-2026");
        assertTrue(kring.last().text().contains("verleden"), kring.last().text());
        kring.reply("carol", thread, "<@zed> maakt een belschema voor 1-2-2027");
        assertTrue(kring.last().text().contains("zit niet in deze kring"), kring.last().text());
        kring.reply("carol", thread, "<@carol> maakt een belschema uiterlijk 1 februari 2027");
        kring.press("alice", "flow.next", at(flow));

        OutgoingMessage report = lastTitled("Verslag: Overdracht in het wijkteam");
        String text = report.plainText();
        assertTrue(text.contains("De reflectievraag: Hoe voorkomen we dat een cliënt tussen wal en schip valt?"), text);
        assertTrue(text.contains("Ideeën kiezen: Warme overdracht"), text);
        assertTrue(text.contains("Samenvatten: We kiezen een warme overdracht met vaste belafspraak."), text);
        assertTrue(text.contains("<@bob> — belt team B — 12 januari 2027"), text);
        assertTrue(text.contains("<@carol> — maakt een belschema — 1 februari 2027"), text);
        assertFalse(text.contains("tussen twee teams"), "the raw case text is not kept in the report");

        List<Map<String, Object>> actions = kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT owner_id, text, due_date FROM action_item ORDER BY due_date").mapToMap().list());
        assertEquals(2, actions.size());
        assertEquals("bob", actions.get(0).get("owner_id"));
        assertEquals(LocalDate.of(2027, 1, 12), ((java.sql.Date) actions.get(0).get("due_date")).toLocalDate());
        assertEquals("ENDED", kring.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM flow_run").mapTo(String.class).one()));
    }

    @Test
    void theStartFormFillsCaseAndQuestion() {
        kring.command("alice", "casus");
        OutgoingMessage form = kring.last();
        assertNotNull(form.form());
        assertEquals(List.of("title", "case", "question", "method"), form.form().fields().stream().map(f -> f.id()).toList());
        kring.submit("alice", form.form().action(), form.form().context(), Map.of("title", "Wachtlijst",
                "case", "Een gezin wacht al maanden.", "question", "Wat kunnen wij nu al doen?", "method", "actieleren"));
        kring.deliver();
        long flow = flowId();
        assertEquals(2, step(flow), "case and question were given up front, so the flow starts at step 3");
        assertTrue(lastTitled("Stap 1 van 9").text().contains("<@alice>: Een gezin wacht al maanden."));
    }

    @Test
    void twoCasesInOneChannelStayApart() {
        long first = startCase();
        kring.command("bob", "casus intervisie Lastig gesprek");
        kring.deliver();
        long second = flowId();
        kring.reply("alice", kring.threadOf(first), "Casus een");
        kring.reply("bob", kring.threadOf(second), "Casus twee met vraag");
        assertEquals(1, step(first));
        assertEquals(1, step(second));
        kring.command("carol", "antwoord iets");
        assertTrue(kring.last().text().contains("meerdere casussen"), kring.last().text());
    }

    @Test
    void wrongMethodsOutsidersAndStaleButtonsChangeNothing() {
        kring.command("alice", "casus vliegen Iets");
        assertTrue(kring.last().text().contains("De methode \"vliegen\" ken ik niet"), kring.last().text());
        assertTrue(kring.last().text().contains("actieleren"), kring.last().text());
        assertEquals(0L, kring.count("flow_run"));

        kring.command("mallory", "casus actieleren Niet van mij");
        assertTrue(kring.last().text().contains("geen lid"), kring.last().text());
        assertEquals(0L, kring.count("flow_run"));

        long flow = startCase();
        kring.reply("mallory", kring.threadOf(flow), "Ik doe ook mee");
        assertTrue(kring.last().text().contains("geen lid van deze kring"), kring.last().text());
        assertEquals("mallory", kring.last().to().privateTo());
        assertEquals(0L, kring.count("flow_contribution"));

        kring.press("alice", "flow.next", flow + ":5");
        assertTrue(kring.last().text().contains("al voorbij"), kring.last().text());
        assertEquals(0, step(flow));
    }

    @Test
    void aMemberWhoLeavesDoesNotBlockTheStep() {
        long flow = startCase();
        String thread = kring.threadOf(flow);
        kring.reply("alice", thread, "Casus");
        kring.reply("alice", thread, "Vraag");
        clock.advance(Duration.ofMinutes(1));
        kring.timers().fireDue(kring.bot(), clock.instant());
        List<String> picked = actors(flow);
        kring.reply(picked.get(0), thread, "Mijn verhaal");
        kring.command("alice", "rol <@" + picked.get(1) + "> geen");
        kring.reply(picked.get(0), thread, "Nog iets");
        assertEquals(4, step(flow), "the step completed without the member who left");
    }

    @Test
    void aTimerForAStepThatIsAlreadyOverDoesNothing() {
        long flow = startCase();
        String thread = kring.threadOf(flow);
        kring.reply("alice", thread, "Casus");
        kring.reply("alice", thread, "Vraag");
        kring.press("alice", "flow.next", at(flow)); // the bringer closes step 3 early
        assertEquals(3, step(flow));
        assertTrue(kring.timers().scheduled().isEmpty(), "moving on cancels the step's timer");
        kring.bot().handle(nl.leerkring.chat.InboundEvent.scheduled("late", BotHarness.channel(BotHarness.CHANNEL),
                "flow.timer", flow + ":2"));
        assertEquals(3, step(flow));
    }
}
