package nl.leerkring.testing;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** What the end-to-end actieleren runs say and expect, the same on Slack and on Teams. */
public final class ActielerenScript {

    public static final String ANSWER_BUTTON = "Antwoord geven (alleen jij ziet het)";
    /** How members type a due date. */
    public static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    /** How the report writes one. */
    public static final DateTimeFormatter REPORTED = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("nl"));

    /** Step 3's hidden answers of the four members, in order: the first gives two ideas, one a line. */
    public static final List<String> HIDDEN_ANSWERS = List.of("Eén casusregisseur\nWarme overdracht",
            "Vast overleg met team B", "Checklist bij aanmelding", "Cliënt zelf laten kiezen");

    /** The buttons of step 5: every idea of step 3 to vote for, then moving on and ending the case. */
    public static final List<String> VOTE_BUTTONS = List.of("Eén casusregisseur", "Warme overdracht", "Vast overleg met team B",
            "Checklist bij aanmelding", "Cliënt zelf laten kiezen", "Volgende stap", "Casus beëindigen");

    private ActielerenScript() {
    }

    /** Each member's hidden answer, by user id. */
    public static Map<String, String> hiddenAnswers(List<String> members) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < HIDDEN_ANSWERS.size(); i++) {
            answers.put(members.get(i), HIDDEN_ANSWERS.get(i));
        }
        return answers;
    }

    /** Every line of every hidden answer: none may be sent anywhere before the timer fires. */
    public static List<String> hiddenLines() {
        return HIDDEN_ANSWERS.stream().flatMap(a -> a.lines()).toList();
    }

    /** "Stap 1 van 9" … "Stap 9 van 9". */
    public static List<String> stepTitles() {
        return IntStream.rangeClosed(1, 9).mapToObj(n -> "Stap " + n + " van 9").toList();
    }

    /** The "Stap n van 9" a step message starts with. */
    public static String stepTitleOf(String text) {
        return text.substring(0, "Stap n van 9".length());
    }

    /** A date {@code days} from today, where the circle is. */
    public static LocalDate inDays(int days) {
        return LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(days);
    }
}
