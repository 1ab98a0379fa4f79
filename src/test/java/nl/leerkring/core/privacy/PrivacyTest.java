package nl.leerkring.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data rights over {@code Bot.handle}: what {@code /kring vergeet mij} leaves (a scan of every
 * text column of every table), what an anonymous top leaves, what the case purge leaves, and that
 * {@code /kring kring opheffen} changes nothing unless the facilitator types the channel's id.
 * Every test runs on H2 and on PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"h2", "postgres"})
class PrivacyTest {

    static final String MARK = "Zeldzaam";

    @Parameter
    String database;
    @TempDir
    Path tmp;
    TestDatabases.TestDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void circle() {
        db = TestDatabases.of(database, tmp);
        kring = new BotHarness(db, clock).circle("alice", "bob lid", "carol lid");
    }

    @AfterEach
    void close() {
        try {
            if (kring != null) {
                kring.close();
            }
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }

    /** Every text column of every table of ours, as "table.column = value", where the value contains the needle. */
    List<String> scan(String needle) {
        return kring.database().jdbi().withHandle(h -> {
            List<String> found = new ArrayList<>();
            List<Map<String, Object>> columns = h.createQuery("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = CURRENT_SCHEMA AND LOWER(data_type) IN ('character varying', 'character', 'character large object', 'text')""")
                    .mapToMap().list();
            for (Map<String, Object> c : columns) {
                String table = (String) c.get("table_name");
                String column = (String) c.get("column_name");
                if (table.toLowerCase().startsWith("qrtz_") || table.equalsIgnoreCase("flyway_schema_history")) {
                    continue;
                }
                h.createQuery("SELECT \"" + column + "\" FROM \"" + table + "\"").mapTo(String.class).list().stream()
                        .filter(v -> v != null && v.contains(needle))
                        .forEach(v -> found.add(table + "." + column + " = " + v));
            }
            return found;
        });
    }

    /** Every row of every table of ours, column → value. */
    Map<String, List<Map<String, Object>>> everyRow() {
        return kring.database().jdbi().withHandle(h -> {
            Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
            for (String table : h.createQuery("""
                            SELECT table_name FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA""")
                    .mapTo(String.class).list()) {
                if (!table.toLowerCase().startsWith("qrtz_") && !table.equalsIgnoreCase("flyway_schema_history")) {
                    all.put(table, h.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().list());
                }
            }
            return all;
        });
    }

    long flowId() {
        return kring.flows().newestFlow();
    }

    @Test
    void afterForgetMeNoTableHoldsTheirIdOrAnythingTheyTyped() {
        kring.command("bob", "tijdzone Europe/London");
        kring.command("bob", "casus actieleren " + MARK + "-titel");
        kring.deliver();
        kring.reply("bob", kring.threadOf(flowId()), MARK + "-casus: een cliënt valt tussen twee teams.");
        kring.command("alice", "opdracht Beschrijf een situatie tot 18-01-2027");
        kring.command("bob", "opdracht antwoord " + MARK + "-antwoord");
        kring.command("bob", "actie <@bob> " + MARK + "-actie voor 01-02-2027");
        kring.command("bob", "top <@carol> " + MARK + "-top met naam");
        kring.pressLabelled("bob", kring.last().choices().get(0).label());
        kring.command("carol", "top <@bob> Goed voorbereid");
        kring.pressLabelled("carol", kring.last().choices().get(1).label());
        kring.deliver();
        assertFalse(scan(MARK).isEmpty(), "the marks were stored before");
        assertTrue(kring.timers().scheduled().keySet().stream().anyMatch(k -> k.endsWith("-bob")), "bob had reminders");
        long feedback = kring.count("feedback");

        kring.command("bob", "vergeet mij");
        OutgoingMessage ask = kring.last();
        assertEquals(BotHarness.text("privacy.forget.ask"), ask.text());
        kring.press("bob", ask, BotHarness.text("privacy.forget.confirm"));
        assertTrue(kring.last().text().startsWith(BotHarness.text("privacy.forget.done", "x").substring(0, 20)), kring.last().text());
        kring.deliver();

        assertEquals(List.of(), scan("bob"), "bob's id is nowhere");
        assertEquals(List.of(), scan(MARK), "nothing bob typed is anywhere");
        assertTrue(kring.timers().scheduled().keySet().stream().noneMatch(k -> k.contains("bob")), kring.timers().scheduled().keySet().toString());
        assertEquals(feedback, kring.count("feedback"), "the counts stay");
        kring.command("alice", "leden");
        assertFalse(kring.last().plainText().contains("bob"), kring.last().plainText());
    }

    @Test
    void cancellingForgetMeErasesNothing() {
        kring.command("bob", "actie <@bob> belt team B voor 01-02-2027");
        kring.command("bob", "vergeet mij");
        kring.press("bob", kring.last(), BotHarness.text("privacy.cancel"));
        assertEquals(BotHarness.text("privacy.forget.cancelled"), kring.last().text());
        assertEquals(1L, kring.count("action_item"));
        assertEquals(3L, kring.count("circle_member"));
    }

    @Test
    void myDataComesPrivatelyAsTextWithAJsonFileAndNoCopyStays() throws Exception {
        kring.command("bob", "actie <@bob> " + MARK + "-actie voor 01-02-2027");
        kring.command("carol", "actie <@carol> " + MARK + "-van-carol voor 01-02-2027");
        kring.command("bob", "mijn gegevens");
        List<OutgoingMessage> toBob = kring.directTo("bob");
        OutgoingMessage data = toBob.get(toBob.size() - 1);
        assertEquals(BotHarness.text("privacy.data.title"), data.title());
        assertTrue(data.text().contains("circle_member") && data.text().contains(MARK + "-actie"), data.text());
        assertFalse(data.text().contains("carol"), "nothing of others: " + data.text());

        OutgoingMessage.File file = data.file();
        assertEquals(BotHarness.text("privacy.data.file.name"), file.name());
        assertEquals("application/json", file.mediaType());
        JsonNode json = new ObjectMapper().readTree(file.bytes());
        assertEquals("bob", json.path("user_id").asText());
        assertEquals(MARK + "-actie", json.path("tables").path("action_item").path(0).path("text").asText(), json.toString());
        assertFalse(file.content().contains("carol"), "nothing of others: " + file.content());
        assertTrue(data.text().contains(file.name()), "the text names the file: " + data.text());

        assertFalse(scan(PrivacyFeature.FILE_KIND).isEmpty(), "the file waits in the outbox until it is delivered");
        kring.deliver();
        assertEquals(List.of(), scan(PrivacyFeature.FILE_KIND), "the file is gone once delivered");
        assertEquals(List.of(), scan(BotHarness.text("privacy.data.intro")), "and so is the text");
        assertTrue(kring.outbox().stream().noneMatch(m -> BotHarness.text("privacy.data.title").equals(m.title())));
    }

    @Test
    void myDataThatCannotBeDeliveredLosesItsContentAtOnce() {
        kring.command("bob", "actie <@bob> " + MARK + "-actie voor 01-02-2027");
        kring.deliver();
        kring.command("bob", "mijn gegevens");
        kring.platform().then(new SendResult.Failed("channel_not_found")).then(new SendResult.Sent("ref-private"));
        kring.deliver();

        assertEquals(List.of(), scan(PrivacyFeature.FILE_KIND), "the file does not wait in the outbox");
        assertEquals(List.of(), scan(BotHarness.text("privacy.data.intro")), "nor does the text");
        assertEquals(1L, kring.count("outbox WHERE status = 'failed' AND conversation_key LIKE '%|@direct|bob'"),
                "the private message with the file failed; its row stays, for inspection, empty");
    }

    @Test
    void theFileIsMadeAgainForWhoeverAsksAndHoldsOnlyTheirData() throws Exception {
        kring.command("bob", "actie <@bob> " + MARK + "-actie voor 01-02-2027");
        kring.command("carol", "actie <@carol> " + MARK + "-van-carol voor 01-02-2027");

        OutgoingMessage.File again = kring.bot().remakeFile(PrivacyFeature.FILE_KIND, nl.leerkring.chat.Platform.SLACK,
                BotHarness.WORKSPACE, "carol").orElseThrow();

        JsonNode json = new ObjectMapper().readTree(again.bytes());
        assertEquals("carol", json.path("user_id").asText());
        assertTrue(again.content().contains(MARK + "-van-carol"), again.content());
        assertFalse(again.content().contains("bob") || again.content().contains(MARK + "-actie"), again.content());
        assertTrue(kring.bot().remakeFile("something.else", nl.leerkring.chat.Platform.SLACK, BotHarness.WORKSPACE, "carol")
                .isEmpty());
    }

    @Test
    void anAnonymousTopLeavesNoRowWithItsGiverAndItsMoment() {
        kring.deliver();
        clock.advance(Duration.ofDays(20));
        kring.command("carol", "top <@bob> Dank voor je vraag");
        clock.advance(Duration.ofSeconds(30));
        var anonymous = kring.last().choices().get(1);
        // as Slack keys a button press: the user and the moment to the microsecond
        String key = "action:carol:" + clock.instant().getEpochSecond() + ".123456";
        kring.bot().handle(InboundEvent.choice(key, BotHarness.channel(BotHarness.CHANNEL), "carol",
                anonymous.action(), anonymous.value()));
        kring.deliver();
        Instant given = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT created_at FROM feedback")
                .mapTo(OffsetDateTime.class).one()).toInstant();
        assertEquals(clock.instant(), given);

        List<String> tied = new ArrayList<>();
        everyRow().forEach((table, rows) -> rows.forEach(row -> {
            boolean giver = row.values().stream().anyMatch(v -> v instanceof String s && s.contains("carol"));
            boolean moment = row.values().stream().map(PrivacyTest::instant)
                    .anyMatch(t -> t != null && Duration.between(t, given).abs().compareTo(Duration.ofMinutes(1)) <= 0);
            if (giver && moment) {
                tied.add(table + " " + row);
            }
        }));
        assertEquals(List.of(), tied);
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Instant t) {
            return t;
        }
        return null;
    }

    @Test
    void theCasePurgeLeavesNoTitleOrReflectionText() {
        kring.command("bob", "casus actieleren " + MARK + "-titel");
        kring.deliver();
        String thread = kring.threadOf(flowId());
        kring.reply("bob", thread, MARK + "-casus: een cliënt valt tussen twee teams.");
        kring.reply("bob", thread, MARK + "-reflectievraag: wat kunnen wij nu al doen?");
        kring.press("bob", kring.lastTitled("Stap 3 van 9"), "Casus beëindigen");
        kring.pressLabelled("bob", "Ja, beëindigen");
        kring.deliver();
        assertTrue(scan(MARK).stream().anyMatch(s -> s.startsWith("flow_run.report") && s.contains("reflectievraag")),
                "the report quoted it: " + scan(MARK));

        clock.advance(Duration.ofDays(31));
        kring.housekeeping();
        assertEquals(List.of(), scan(MARK));
        assertEquals(1L, kring.count("flow_run"), "that there was a case stays");
    }

    @Test
    void deletingTheCircleByANonFacilitatorChangesNothing() {
        kring.command("bob", "actie <@bob> belt team B voor 01-02-2027");
        Map<String, Integer> before = counts();
        kring.command("bob", "kring opheffen");
        long circle = circleId();
        kring.press("bob", PrivacyFeature.DELETE, String.valueOf(circle));
        kring.submit("bob", PrivacyFeature.DELETE_FORM, String.valueOf(circle), Map.of(PrivacyFeature.NAME_FIELD, "C1"));
        assertEquals(before, counts());
        assertTrue(kring.last().text().startsWith(BotHarness.text("error.onlyFacilitator")), kring.last().text());
    }

    @Test
    void aConfirmationWithTheWrongNameChangesNothingAndTheRightOneDeletesEverything() {
        kring.command("bob", "actie <@bob> belt team B voor 01-02-2027");
        kring.command("alice", "top <@bob> Mooi gedaan");
        kring.pressLabelled("alice", kring.last().choices().get(0).label());
        kring.command("alice", "kring opheffen");
        assertTrue(kring.last().text().contains("C1"), kring.last().text());
        kring.pressLabelled("alice", BotHarness.text("privacy.delete.open"));
        assertEquals(PrivacyFeature.DELETE_FORM, kring.last().form().action());
        Map<String, Integer> before = counts();
        long circle = circleId();

        kring.submit("alice", PrivacyFeature.DELETE_FORM, String.valueOf(circle), Map.of(PrivacyFeature.NAME_FIELD, "C2"));
        assertEquals(BotHarness.text("privacy.delete.wrongName", "C1"), kring.last().text());
        assertEquals(before, counts());

        kring.submit("alice", PrivacyFeature.DELETE_FORM, String.valueOf(circle), Map.of(PrivacyFeature.NAME_FIELD, " #c1 "));
        assertEquals(BotHarness.text("privacy.delete.done"), kring.last().text());
        counts().forEach((table, n) -> assertEquals(0, n, table));
        assertEquals(List.of(), scan("bob").stream().filter(s -> !s.contains("@direct|bob") && !s.contains("\"privateTo\":\"bob\",\"direct\":true"))
                .toList(), "only bob's own direct messages (a top) still wait for the daily clean-up");
        assertTrue(kring.timers().scheduled().isEmpty(), kring.timers().scheduled().keySet().toString());
    }

    @Test
    void aMessageThatCouldNotBeDeliveredLosesItsTextAfterSevenDays() {
        kring.command("carol", "top <@bob> " + MARK + " in een mislukt bericht");
        kring.pressLabelled("carol", kring.last().choices().get(1).label());
        kring.database().jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET status = 'failed' WHERE payload LIKE '%" + MARK + "%'")
                .execute());
        kring.housekeeping();
        assertFalse(scan(MARK).stream().filter(s -> s.startsWith("outbox")).toList().isEmpty(), "kept for a week, for inspection");
        clock.advance(Duration.ofDays(8));
        kring.housekeeping();
        assertEquals(List.of(), scan(MARK).stream().filter(s -> s.startsWith("outbox")).toList());
        assertEquals(1L, kring.count("outbox WHERE status = 'failed'"), "the row stays, for inspection");
    }

    long circleId() {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM circle").mapTo(Long.class).one());
    }

    /** The rows of the circle's own tables (not the outbox and seen events, where the refusals go). */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : List.of("circle", "circle_member", "action_item", "feedback", "scheduled_reminder", "flow_run")) {
            counts.put(table, (int) kring.count(table));
        }
        return counts;
    }
}
