package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import nl.leerkring.core.method.MethodLibrary;
import org.junit.jupiter.api.Test;

/** The forgiving plan syntax: any order, Dutch or English, defaults, and every mistake named. */
class PlanInputTest {

    static final TemplateLibrary TEMPLATES = TemplateLibrary.load(Path.of("config/templates"), MethodLibrary.load(Path.of("config/methods")));
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final Instant NOW = Instant.parse("2026-10-01T10:00:00Z"); // Thursday

    PlanRequest plan(String text) {
        PlanInput.Result r = PlanInput.parse(text, NOW, AMSTERDAM, TEMPLATES);
        assertNull(r.problem(), () -> text + ": " + r.problem().key());
        return r.plan();
    }

    String problem(String text) {
        return PlanInput.parse(text, NOW, AMSTERDAM, TEMPLATES).problem().key();
    }

    @Test
    void onlyTheDateAndTimeAreNeeded() {
        assertEquals(new PlanRequest(LocalDate.of(2027, 1, 12), LocalTime.of(19, 30), 6, 6, Duration.ofHours(2), AMSTERDAM,
                "leergroep"), plan("12-01-2027 19:30"));
    }

    @Test
    void everyPartInAnyOrderAndEitherLanguage() {
        PlanRequest expected = new PlanRequest(LocalDate.of(2027, 1, 12), LocalTime.of(19, 30), 4, 3, Duration.ofMinutes(90),
                ZoneId.of("Europe/London"), "reconstructie");
        assertEquals(expected, plan("12-01-2027 19:30 4x elke 3 weken 1,5 uur Europe/London sjabloon reconstructie"));
        assertEquals(expected, plan("reconstructie 4 bijeenkomsten om de 3 weken, anderhalf uur, vanaf 12 januari 2027 om 19u30 tz europe/london"));
        assertEquals(expected, plan("4 sessions every 3 weeks 90 min starting 2027-01-12 at 7:30pm template reconstructie Europe/London"));
        assertEquals(LocalDate.of(2026, 10, 6), plan("dinsdag 19:30").firstDate(), "the first Tuesday after today");
        assertEquals(1, plan("morgen 10:00 elke week").intervalWeeks());
    }

    @Test
    void theTextOfAPlanReadsBackToThatPlan() {
        PlanRequest p = plan("12-01-2027 19:30 4x elke 3 weken 1,5 uur Europe/London sjabloon reconstructie");
        assertEquals(p, plan(p.asArgs()));
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("date.noSuchDay", problem("31 februari 2027 19:30"));
        assertEquals("date.inPast", problem("30-09-2026 19:30"));
        assertEquals("plan.timeInPast", problem("vandaag 09:00"));
        assertEquals("plan.noTime", problem("12-01-2027"));
        assertEquals("plan.noDate", problem("19:30"));
        assertEquals("plan.badTime", problem("12-01-2027 24:30"));
        assertEquals("plan.badZone", problem("12-01-2027 19:30 Europe/Utrecht"));
        assertEquals("plan.notUnderstood", problem("12-01-2027 19:30 met taart"));
        assertEquals("plan.badCount", problem("12-01-2027 19:30 0x"));
        assertEquals("plan.badInterval", problem("12-01-2027 19:30 elke 52 weken"));
        assertEquals("plan.badLength", problem("12-01-2027 19:30 20 min"));
        assertEquals("plan.unknownTemplate", problem("12-01-2027 19:30 sjabloon yoga"));
        assertEquals("plan.tooManyForTemplate", problem("12-01-2027 19:30 7x"));
        assertEquals("plan.wrongWeekday", problem("woensdag 12-01-2027 19:30"));
    }
}
