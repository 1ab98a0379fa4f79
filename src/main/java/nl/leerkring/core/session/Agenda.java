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

    /**
     * The parts with their times. When the session is planned shorter or longer than the
     * template's agenda, every part is scaled to fit (whole minutes, at least 5 each), so that
     * the agenda ends when the session does.
     */
    static List<Part> of(Session session, SessionTemplate template, Texts texts) {
        String language = texts.language();
        List<AgendaPart> agenda = template.session(session.number()).agenda();
        int templateMinutes = template.session(session.number()).minutes() + template.closingMinutes();
        double scale = (double) session.lengthMinutes() / templateMinutes;
        List<Part> parts = new ArrayList<>();
        Instant at = session.agendaStart();
        Instant end = at.plus(Duration.ofMinutes(session.lengthMinutes()));
        for (int i = 0; i < agenda.size(); i++) {
            AgendaPart p = agenda.get(i);
            Instant partEnd = at.plus(Duration.ofMinutes(scaled(p.minutes(), scale)));
            parts.add(new Part(i, p.title().in(language), p.prompt().in(language), p.method(), at, partEnd));
            at = partEnd;
        }
        Instant closingEnd = scale == 1.0 ? at.plus(Duration.ofMinutes(template.closingMinutes()))
                : later(end, at.plus(Duration.ofMinutes(MIN_PART)));
        parts.add(new Part(agenda.size(), texts.get("session.closing.title"), texts.get("session.closing.prompt"), null, at,
                closingEnd));
        return parts;
    }

    private static final int MIN_PART = 5;

    private static long scaled(int minutes, double scale) {
        return Math.max(MIN_PART, Math.round(minutes * scale));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
