package nl.leerkring.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import nl.leerkring.core.time.WorkingHours.Due;
import org.junit.jupiter.api.Test;

/** Times, lengths, weekdays and zones as people type them, and the working-hours rule for reminders. */
class TimeInputTest {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void clockTimesInDutchAndEnglish() {
        assertEquals(Optional.of(LocalTime.of(19, 30)), TimeInput.parse("19:30"));
        assertEquals(Optional.of(LocalTime.of(19, 30)), TimeInput.parse("19u30"));
        assertEquals(Optional.of(LocalTime.of(19, 30)), TimeInput.parse("7:30pm"));
        assertEquals(Optional.of(LocalTime.of(19, 0)), TimeInput.parse("om 19 uur"));
        assertEquals(Optional.of(LocalTime.of(9, 0)), TimeInput.parse("9"));
        assertEquals(Optional.empty(), TimeInput.parse("25:00"));
        TimeInput.FoundTime found = TimeInput.find("12-01-2027 om 19:30 6x").orElseThrow();
        assertEquals(LocalTime.of(19, 30), found.time());
        assertEquals("12-01-2027 6x", found.rest());
        assertNull(TimeInput.find("op 24:15").orElseThrow().time(), "looks like a time, is none");
    }

    @Test
    void lengths() {
        assertEquals(Optional.of(Duration.ofHours(2)), TimeInput.parseLength("2 uur"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), TimeInput.parseLength("1,5 uur"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), TimeInput.parseLength("anderhalf uur"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), TimeInput.parseLength("90 min"));
        assertEquals(Optional.of(Duration.ofMinutes(150)), TimeInput.parseLength("2.5 hours"));
        assertEquals(Optional.of(Duration.ofHours(2)), TimeInput.parseLength("2"));
        assertEquals(Optional.empty(), TimeInput.parseLength("6 weken"));
    }

    @Test
    void weekdaysAreTheFirstSuchDayAfterToday() {
        LocalDate tuesday = LocalDate.of(2027, 1, 12);
        assertEquals(new DateInput.Valid(LocalDate.of(2027, 1, 19)), DateInput.parse("dinsdag", tuesday));
        assertEquals(new DateInput.Valid(LocalDate.of(2027, 1, 15)), DateInput.parse("Friday", tuesday));
        DateInput.Found found = DateInput.find("belt team B voor vrijdag 15 januari", tuesday).orElseThrow();
        assertEquals(new DateInput.Valid(LocalDate.of(2027, 1, 15)), found.result(), "a date wins over the weekday before it");
        assertEquals("belt team B voor", found.rest());
        assertEquals(new DateInput.Valid(LocalDate.of(2027, 1, 14)), DateInput.find("belt donderdag", tuesday).orElseThrow().result());
    }

    @Test
    void zonesByNameWhateverTheCase() {
        assertEquals(Optional.of(NEW_YORK), ZoneInput.parse("america/new_york"));
        assertEquals(Optional.of(ZoneId.of("UTC")), ZoneInput.parse("utc"));
        assertEquals(Optional.empty(), ZoneInput.parse("Mars/Olympus"));
    }

    @Test
    void workingHoursMoveAMomentForwardIntoThem() {
        WorkingHours hours = WorkingHours.OFFICE;
        ZonedDateTime saturday = ZonedDateTime.of(2027, 1, 16, 11, 0, 0, 0, AMSTERDAM);
        assertEquals(ZonedDateTime.of(2027, 1, 18, 9, 0, 0, 0, AMSTERDAM), hours.nextOpen(saturday));
        ZonedDateTime early = ZonedDateTime.of(2027, 1, 13, 7, 15, 0, 0, AMSTERDAM);
        assertEquals(ZonedDateTime.of(2027, 1, 13, 9, 0, 0, 0, AMSTERDAM), hours.nextOpen(early));
        ZonedDateTime inside = ZonedDateTime.of(2027, 1, 13, 14, 5, 0, 0, AMSTERDAM);
        assertEquals(inside, hours.nextOpen(inside));
        assertEquals(WorkingHours.OFFICE, WorkingHours.parse("09:00-17:00", "MON-FRI"));
        assertEquals(3, WorkingHours.parse("08:30 - 12:30", "MON,WED-THU").days().size());
    }

    @Test
    void aReminderDayBeforeAMondayMorningComesOnFriday() {
        Instant now = Instant.parse("2027-01-04T10:00:00Z");
        Due mondayMorning = Due.at(ZonedDateTime.of(2027, 1, 18, 8, 30, 0, 0, AMSTERDAM).toInstant());
        assertEquals(ZonedDateTime.of(2027, 1, 15, 9, 0, 0, 0, AMSTERDAM).toInstant(),
                WorkingHours.OFFICE.reminderMoment(mondayMorning, 1, AMSTERDAM, now).orElseThrow(),
                "Monday 09:00 would be after the due moment, so the working day before");
        Due mondayDate = Due.on(LocalDate.of(2027, 1, 18));
        assertEquals(ZonedDateTime.of(2027, 1, 18, 9, 0, 0, 0, NEW_YORK).toInstant(),
                WorkingHours.OFFICE.reminderMoment(mondayDate, 1, NEW_YORK, now).orElseThrow(), "a due date lasts all day");
        assertTrue(WorkingHours.OFFICE.reminderMoment(mondayDate, 30, AMSTERDAM, now).isEmpty(), "past moments are skipped");
    }
}
