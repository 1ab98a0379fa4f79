package nl.leerkring.core.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Tops and tips through the real core and a real H2 database: giving, anonymity, the checks,
 * what the channel sees, and what each person may read.
 */
class FeedbackTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    BotHarness kring;

    /** alice facilitates, dave is co-host, bob and carol are members. */
    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid", "dave cohost");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    /** {@code /kring top|tip @to text}, then named or anonymous. */
    void give(String from, String kind, String to, String text, boolean named) {
        kring.command(from, kind + " <@" + to + "> " + text);
        kring.pressLabelled(from, named ? "Met mijn naam" : "Anoniem");
    }

    List<OutgoingMessage> inChannel() {
        return kring.outbox().stream().filter(m -> !m.to().isPrivate()).toList();
    }

    Map<String, Object> onlyFeedbackRow() {
        List<Map<String, Object>> rows = kring.database().jdbi().withHandle(h ->
                h.createQuery("SELECT * FROM feedback").mapToMap().list());
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    @Test
    void aTopReachesItsReceiverPrivatelyAndTheChannelSeesOnlyTotals() {
        kring.command("alice", "top <@bob> Goed voorbereid!");

        OutgoingMessage ask = kring.last();
        assertEquals("alice", ask.to().privateTo());
        assertEquals("Geef je deze top met je naam of anoniem?", ask.text());
        assertEquals(List.of("Met mijn naam", "Anoniem"), ask.choices().stream().map(Choice::label).toList());
        assertTrue(ask.choices().stream().noneMatch(c -> c.value().contains("voorbereid")), "the text is not in a button");
        assertEquals(0L, kring.count("feedback"), "nothing is given before the giver chose");
        assertEquals(1L, kring.count("feedback_draft"));

        kring.pressLabelled("alice", "Met mijn naam");

        List<OutgoingMessage> toBob = kring.directTo("bob");
        assertEquals(1, toBob.size());
        assertEquals("Je kreeg een top van <@alice>", toBob.get(0).title());
        assertTrue(toBob.get(0).text().startsWith("Goed voorbereid!"), toBob.get(0).text());
        assertTrue(toBob.get(0).to().isDirect());

        OutgoingMessage channel = inChannel().get(inChannel().size() - 1);
        assertEquals("Er is een top gegeven. Deze kring: 1 top en 0 tips in de laatste 8 weken (1:0).", channel.text());
        for (OutgoingMessage m : kring.outbox()) {
            if (m.plainText().contains("voorbereid")) {
                assertEquals("bob", m.to().privateTo(), "only the receiver sees the text: " + m);
            }
        }
        assertTrue(kring.last().text().contains("<@bob> krijgt je top, met je naam erbij"), kring.last().text());

        Map<String, Object> row = onlyFeedbackRow();
        assertEquals("alice", row.get("giver_id"));
        assertEquals("bob", row.get("receiver_id"));
        assertEquals("TOP", row.get("kind"));
        assertEquals("circle", row.get("context_kind"));
        assertEquals(0L, kring.count("feedback_draft"), "the draft is gone");
    }

    @Test
    void anonymousFeedbackStoresNoGiverAnywhereNextToItsText() {
        String text = "Laat anderen eerst uitpraten, dat helpt ons";
        give("carol", "tip", "bob", text, false);

        Map<String, Object> row = onlyFeedbackRow();
        assertNull(row.get("giver_id"), "no giver stored with anonymous feedback");
        assertEquals(text, row.get("text"));
        assertEquals(0L, kring.count("feedback_draft"), "the draft that held giver and text is deleted");
        assertEquals("Je kreeg anoniem een tip", kring.directTo("bob").get(0).title());
        assertFalse(kring.directTo("bob").get(0).plainText().contains("carol"));
        assertEquals(BotHarness.text("feedback.sent.anonymous.tip"), kring.last().text());

        // no row of any table holds both the giver and the text
        List<String> tables = kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE UPPER(table_schema) = 'PUBLIC' AND UPPER(table_type) IN ('TABLE', 'BASE TABLE')").mapTo(String.class).list());
        assertTrue(tables.size() > 10, tables.toString());
        for (String table : tables) {
            List<Map<String, Object>> rows = kring.database().jdbi().withHandle(h ->
                    h.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().list());
            for (Map<String, Object> r : rows) {
                String values = r.values().toString();
                assertFalse(values.contains("carol") && values.contains("uitpraten"), table + " links giver and text: " + r);
            }
        }
    }

    @Test
    void feedbackWithoutAKindAsksTopOrTipAndNeverGuesses() {
        kring.command("bob", "feedback <@carol> Je vroeg goed door");

        assertEquals(BotHarness.text("feedback.ask.kind"), kring.last().text());
        assertEquals(List.of("Top", "Tip"), kring.last().choices().stream().map(Choice::label).toList());
        kring.pressLabelled("bob", "Tip");
        assertEquals(BotHarness.text("feedback.ask.named.tip"), kring.last().text());
        assertEquals(0L, kring.count("feedback"));
        kring.pressLabelled("bob", "Met mijn naam");

        assertEquals("TIP", onlyFeedbackRow().get("kind"));
        assertEquals("Je kreeg een tip van <@bob>", kring.directTo("carol").get(0).title());
    }

    @Test
    void feedbackToANonMemberToOneselfOrWithoutTextGetsAClearAnswerAndStoresNothing() {
        kring.command("alice", "top <@zed> Goed gedaan");
        assertEquals("<@zed> zit niet in deze kring. Feedback geef je aan een lid van de kring; met /kring leden zie je wie erin zitten.",
                kring.last().text());
        kring.command("bob", "tip <@bob> Meer slapen");
        assertTrue(kring.last().text().startsWith("Feedback geef je aan een ander lid"), kring.last().text());
        kring.command("bob", "top <@carol>");
        assertTrue(kring.last().text().startsWith("Schrijf je top achter de naam"), kring.last().text());
        kring.command("bob", "top <@carol>    ");
        assertTrue(kring.last().text().startsWith("Schrijf je top achter de naam"), kring.last().text());
        kring.command("bob", "top goed gedaan");
        assertTrue(kring.last().text().startsWith("Schrijf je top achter de naam"), kring.last().text());
        kring.command("bob", "top <@carol> " + "x".repeat(1001));
        assertTrue(kring.last().text().contains("te lang (1001 tekens)"), kring.last().text());
        kring.command("zed", "top <@bob> Ik hoor er niet bij");
        assertTrue(kring.last().text().startsWith("Je bent (nog) geen lid"), kring.last().text());
        // a form's answers are checked before it is taken: refused as a whole, with the reason
        kring.submit("bob", Giving.FORM, "TOP:1", Map.of("receiver", "bob", "text", "Zelf", "who", "named"));
        assertTrue(kring.last().text().startsWith("Niet verstuurd, er is niets bewaard"), kring.last().text());
        assertTrue(kring.last().text().contains("Feedback geef je aan een ander lid"), kring.last().text());
        kring.submit("bob", Giving.FORM, "TOP:1", Map.of("receiver", "carol", "text", " ", "who", "named"));
        assertTrue(kring.last().text().contains("Schrijf je top"), kring.last().text());

        assertEquals(0L, kring.count("feedback"));
        assertEquals(0L, kring.count("feedback_draft"));
        for (OutgoingMessage m : kring.outbox()) {
            assertFalse(m.to().isDirect(), "no direct message was sent: " + m);
            assertFalse(m.plainText().contains("gegeven"), "nothing was announced: " + m);
        }
    }

    @Test
    void anExpiredOrSomeoneElsesDraftButtonDoesNothing() {
        kring.command("alice", "top <@bob> Fijne voorzitter");
        Choice named = kring.last().choices().get(0);
        kring.press("carol", named.action(), named.value());
        assertEquals("carol", kring.last().to().privateTo());
        assertTrue(kring.last().text().startsWith("Deze knop is verlopen"), kring.last().text());

        clock.advance(Duration.ofMinutes(16));
        kring.press("alice", named.action(), named.value());
        assertTrue(kring.last().text().startsWith("Deze knop is verlopen"), kring.last().text());
        assertEquals(0L, kring.count("feedback"));
        kring.command("alice", "top <@bob> Opnieuw");
        assertEquals(1L, kring.count("feedback_draft"), "making a new draft cleared the expired one");
    }

    @Test
    void theFormGivesFeedbackInOneGo() {
        kring.command("bob", "top");
        OutgoingMessage form = kring.last();
        assertNotNull(form.form(), "without arguments the form opens");
        assertEquals("Een top geven", form.form().title());
        assertEquals(List.of("<@alice>", "<@carol>", "<@dave>"),
                form.form().fields().get(0).options().stream().map(Choice::label).toList(), "everyone but the giver");

        kring.submit("bob", form.form().action(), form.form().context(),
                Map.of("receiver", "dave", "text", "Goede samenvatting", "who", "anonymous"));

        assertNull(onlyFeedbackRow().get("giver_id"));
        assertEquals("Je kreeg anoniem een top", kring.directTo("dave").get(0).title());
    }

    @Test
    void myFeedbackShowsWhatIReceivedOnlyToMeAndCanBeErased() {
        give("alice", "top", "bob", "Sterke vraag", true);
        give("carol", "tip", "bob", "Korter formuleren", false);
        give("bob", "top", "carol", "Niet voor bob", true);

        kring.command("bob", "mijn feedback");
        OutgoingMessage mine = kring.last();
        assertEquals("bob", mine.to().privateTo());
        assertEquals("Jouw feedback", mine.title());
        assertTrue(mine.text().contains("Je kreeg in deze kring 1 top en 1 tip in de laatste 8 weken (1:1)."), mine.text());
        assertTrue(mine.text().contains("• Top van <@alice>, 23 november: Sterke vraag"), mine.text());
        assertTrue(mine.text().contains("• Tip, anoniem, 23 november: Korter formuleren"), mine.text());
        assertFalse(mine.text().contains("Niet voor bob"));

        kring.command("bob", "my feedback erase");
        assertEquals(BotHarness.text("feedback.mine.erased", 2), kring.last().text());
        kring.command("bob", "mijn feedback");
        assertTrue(kring.last().text().contains("• Top, 23 november: (tekst gewist)"), kring.last().text());
        assertFalse(kring.last().text().contains("alice"), "the named giver is forgotten with the text");
        kring.command("bob", "mijn taken");
        assertEquals(BotHarness.text("error.whichCommand", "/kring mijn feedback, /kring mijn gegevens"), kring.last().text());
    }

    @Test
    void cultureShowsTheRatioABarPictureAndTheReadingButNoNamesOrTexts() {
        clock.advance(Duration.ofDays(20));
        for (int i = 0; i < 6; i++) {
            give(i % 2 == 0 ? "alice" : "carol", "top", "bob", "Geheim compliment " + i, i % 3 == 0);
        }
        give("alice", "tip", "carol", "Geheime tip", true);
        give("bob", "tip", "carol", "Nog een geheime tip", false);

        kring.command("dave", "cultuur");
        OutgoingMessage culture = kring.last();
        assertEquals("dave", culture.to().privateTo());
        assertEquals("Feedbackcultuur van deze kring", culture.title());
        String text = culture.plainText();
        assertTrue(text.startsWith("Feedbackcultuur van deze kring\nTops ██████████ 6\nTips ███ 2\n"), text);
        assertTrue(text.contains("Verhouding 3:1 in de laatste 8 weken. Ongeveer 3:1 helpt het leren het meest."), text);
        assertTrue(text.contains("Dit lijkt op een lerende cultuur."), text);
        assertTrue(text.contains("Probeer: "), text);
        assertTrue(text.contains("Sinds de start: 6 tops en 2 tips"), text);
        assertFalse(text.contains("<@") || text.contains("eheim"), "no names, no texts: " + text);

        kring.command("alice", "culture");
        assertTrue(kring.last().plainText().contains("This circle's feedback culture") || kring.last().plainText().contains("Feedbackcultuur"),
                "a circle speaks its own language whatever the command's name");
    }

    @Test
    void theWindowStartsAtTheSameLocalTimeAcrossTheClockChange() {
        MutableClock autumn = new MutableClock(Instant.parse("2026-09-01T08:00:00Z"));
        try (BotHarness k = new BotHarness(TestDatabases.h2(tmp.resolve("dst")), autumn)) {
            k.circle("alice", "bob lid");
            autumn.advance(Duration.between(autumn.instant(), Instant.parse("2026-09-28T06:30:00Z"))); // 08:30 CEST
            k.command("alice", "top <@bob> Voor het venster");
            k.pressLabelled("alice", "Met mijn naam");
            autumn.advance(Duration.ofHours(1)); // 09:30 CEST
            k.command("alice", "tip <@bob> In het venster");
            k.pressLabelled("alice", "Met mijn naam");
            autumn.advance(Duration.between(autumn.instant(), Instant.parse("2026-11-23T08:00:00Z"))); // 09:00 CET

            k.command("alice", "cultuur");
            String text = k.last().plainText();
            assertTrue(text.contains("Tops · 0\nTips █████████ 1") || text.contains("Tips ██████████ 1"), text);
            assertTrue(text.contains("Verhouding 0:1 in de laatste 8 weken"),
                    "the window starts at 09:00 local on 28 September, not at 10:00 (56 × 24 hours back): " + text);
        }
    }

    @Test
    void textsAndNamedGiversExpireAfterTheRetentionPeriodButTheCountsStay() {
        give("alice", "top", "bob", "Mooi verwoord", true);
        kring.command("carol", "tip <@bob> Nooit afgemaakt");
        clock.advance(Duration.ofDays(31));
        give("carol", "tip", "bob", "Recent", false);

        kring.housekeeping();

        List<Map<String, Object>> rows = kring.database().jdbi().withHandle(h ->
                h.createQuery("SELECT kind, text, giver_id FROM feedback ORDER BY id").mapToMap().list());
        assertEquals(2, rows.size());
        assertNull(rows.get(0).get("text"), "the old text is gone");
        assertNull(rows.get(0).get("giver_id"), "and so is its named giver");
        assertEquals("TOP", rows.get(0).get("kind"), "the count stays");
        assertEquals("Recent", rows.get(1).get("text"));
        assertEquals(0L, kring.count("feedback_draft"), "the unfinished draft is gone too");
        kring.command("alice", "cultuur");
        assertTrue(kring.last().plainText().contains("Sinds de start: 1 top en 1 tip"), kring.last().plainText());
    }
}
