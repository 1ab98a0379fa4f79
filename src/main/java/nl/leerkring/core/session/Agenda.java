package nl.leerkring.core.session;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.i18n.Texts;

/**
 * A session's agenda with times: the template's parts one after the other from the session's
 * start, then the closing part (learning points and the next assignment).
 */
final class Agenda {

    /** One part with its times; {@code method} is null for a part without a case discussion. */
    record Part(int index, String title, String prompt, String method, Instant start, Instant end) {

        long minutes() {
            return Duration.between(start, end).toMinutes();
        }
    }

    private Agenda() {
    }

    static List<Part> of(Session session, SessionTemplate template, Texts texts) {
        String language = texts.language();
        List<Part> parts = new ArrayList<>();
        Instant at = session.agendaStart();
        List<AgendaPart> agenda = template.session(session.number()).agenda();
        for (int i = 0; i < agenda.size(); i++) {
            AgendaPart p = agenda.get(i);
            Instant end = at.plus(Duration.ofMinutes(p.minutes()));
            parts.add(new Part(i, p.title().in(language), p.prompt().in(language), p.method(), at, end));
            at = end;
        }
        parts.add(new Part(agenda.size(), texts.get("session.closing.title"), texts.get("session.closing.prompt"), null, at,
                at.plus(Duration.ofMinutes(template.closingMinutes()))));
        return parts;
    }

    /** "19:30–19:55  Kennismaken", one line per part. */
    static String lines(List<Part> parts, ZoneId zone) {
        return parts.stream().map(p -> times(p, zone) + "  " + p.title()).collect(Collectors.joining("\n"));
    }

    static String times(Part p, ZoneId zone) {
        return CircleTime.time(p.start(), zone) + "–" + CircleTime.time(p.end(), zone);
    }

    /** "dinsdag 12 januari 2027, 19:30–21:30 · co-host @bob" for lists of sessions. */
    static String sessionLine(Texts texts, Session s, ZoneId zone, Instant now) {
        StringBuilder line = new StringBuilder(texts.get("sessions.line", s.number(), CircleTime.dateTime(texts, s.startsAt(), zone),
                CircleTime.time(s.endsAt(), zone)));
        if (s.cohostId() != null) {
            line.append(texts.get("sessions.cohost", Mentions.of(s.cohostId())));
        }
        if (!s.isPlanned()) {
            line.append(texts.get("sessions.status." + s.status().name().toLowerCase(java.util.Locale.ROOT)));
        } else if (!s.endsAt().isAfter(now)) {
            line.append(texts.get("sessions.status.notStarted"));
        }
        return line.toString();
    }
}
