package nl.leerkring.core.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.circle.Person;
import nl.leerkring.store.Json;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members' data rights, answered by every other feature for its own tables:
 * {@code /kring mijn gegevens} (what Leerkring holds about you, privately, as text and a JSON file),
 * {@code /kring vergeet mij} (erase yourself from every circle of this workspace, after a
 * confirmation) and the facilitator's {@code /kring kring opheffen} (the circle and everything
 * in it, after typing the channel's id). The other features are walked backwards, so that what
 * depends on a circle or a membership goes before the circle or the membership itself.
 */
public final class PrivacyFeature implements Feature {

    private static final Logger log = LoggerFactory.getLogger(PrivacyFeature.class);

    static final String FORGET = "privacy.forget";
    static final String FORGET_CANCEL = "privacy.forget.cancel";
    static final String DELETE = "privacy.delete";
    static final String DELETE_FORM = "privacy.delete.submit";
    static final String DELETE_CANCEL = "privacy.delete.cancel";
    /** The form field in which the facilitator types the channel's id. */
    static final String NAME_FIELD = "name";
    /** The readable text of an export is cut after this many characters (the file holds it all). */
    static final int MAX_TEXT = 12_000;
    /** The kind of the export's file, by which a platform has it made again ({@code Bot.remakeFile}). */
    public static final String FILE_KIND = "privacy.data";
    /** The export's file name when it is made again (the platform then names the file itself). */
    static final String FILE_NAME = "leerkring-data.json";

    private final List<Feature> others;

    /** @param others every other feature and data holder, in the order of the list */
    public PrivacyFeature(List<Feature> others) {
        this.others = List.copyOf(others);
    }

    @Override
    public String name() {
        return "privacy";
    }

    /** The circle a delete button or form is about. */
    record CircleValue(long circleId) implements ChoiceValue.OfCircle {
        @Override
        public String encode() {
            return String.valueOf(circleId);
        }

        static Optional<CircleValue> parse(String value) {
            return ChoiceValue.number(value == null ? "" : value).map(CircleValue::new);
        }
    }

    @Override
    public void register(CommandRegistry registry) {
        registry.section("help.section.privacy")
                .add(new Command("mijn gegevens", "my data", Need.NOTHING, (turn, args) -> export(turn)))
                .add(new Command("vergeet mij", "forget me", Need.NOTHING, (turn, args) -> askForget(turn)))
                .add(new Command("kring opheffen", "delete circle", Need.FACILITATOR, (turn, args) -> askDelete(turn)))
                .onChoice(FORGET, Need.NOTHING, (turn, value) -> forget(turn))
                .onChoice(FORGET_CANCEL, Need.NOTHING, (turn, value) -> turn.tell(turn.text("privacy.forget.cancelled")))
                .onChoice(DELETE, CircleValue::parse, Need.FACILITATOR, this::deleteForm)
                .onChoice(DELETE_FORM, CircleValue::parse, Need.FACILITATOR, this::delete)
                .onChoice(DELETE_CANCEL, Need.NOTHING, (turn, value) -> turn.tell(turn.text("privacy.delete.cancelled")))
                .onFile(FILE_KIND, (handle, person, now) -> Optional.of(file(FILE_NAME, person, collect(handle, person), now)));
    }

    /** The other features last to first: what depends on a circle or a membership goes before it. */
    private List<Feature> backwards() {
        List<Feature> list = new ArrayList<>(others);
        java.util.Collections.reverse(list);
        return list;
    }

    private static Person person(Turn turn) {
        return new Person(turn.event().platform(), turn.event().where().workspaceId(), turn.userId());
    }

    // ---------------------------------------------------------------------------------------
    // mijn gegevens

    private void export(Turn turn) {
        Person person = person(turn);
        Map<String, List<Map<String, Object>>> all = collect(turn.handle(), person);
        StringBuilder text = new StringBuilder();
        OutgoingMessage.File file = null;
        if (all.isEmpty()) {
            text.append(turn.text("privacy.data.none"));
        } else {
            text.append(turn.text("privacy.data.intro")).append('\n');
            all.forEach((table, rows) -> {
                text.append('\n').append(turn.text("privacy.data.table", table, rows.size())).append('\n');
                for (Map<String, Object> row : rows) {
                    List<String> parts = new ArrayList<>();
                    row.forEach((column, value) -> parts.add(column + ": " + (value == null ? "—" : value)));
                    text.append("• ").append(String.join(" · ", parts)).append('\n');
                }
            });
            if (text.length() > MAX_TEXT) {
                text.setLength(MAX_TEXT);
                text.append("…\n").append(turn.text("privacy.data.cut"));
            }
            file = file(turn.text("privacy.data.file.name"), person, all, turn.now());
            text.append("\n\n").append(turn.text("privacy.data.file", file.name()));
        }
        text.append("\n\n").append(turn.text("privacy.data.footer"));
        turn.sendAndForget(OutgoingMessage.text(Address.direct(person.platform(), person.workspaceId(), person.userId()),
                text.toString().strip()).withTitle(turn.text("privacy.data.title")).withFile(file));
        if (!turn.here().isDirect()) {
            turn.tellAndForget(turn.text("privacy.data.sent"));
        }
    }

    /** What every feature holds about the person, by table; tables without rows left out. */
    private Map<String, List<Map<String, Object>>> collect(Handle handle, Person person) {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        for (Feature feature : others) {
            feature.export(handle, person).forEach((table, rows) -> {
                if (!rows.isEmpty()) {
                    all.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows);
                }
            });
        }
        return all;
    }

    /**
     * The export as a JSON file: who it is about, when it was made, and every row by table. Made
     * again, not kept, when a platform delivers it later ({@link #FILE_KIND}).
     */
    private static OutgoingMessage.File file(String name, Person person, Map<String, List<Map<String, Object>>> all,
                                             java.time.Instant now) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("platform", person.platform().name().toLowerCase(Locale.ROOT));
        export.put("workspace_id", person.workspaceId());
        export.put("user_id", person.userId());
        export.put("exported_at", now.toString());
        export.put("tables", all);
        return new OutgoingMessage.File(FILE_KIND, name, "application/json", Json.write(export));
    }

    // ---------------------------------------------------------------------------------------
    // vergeet mij

    private void askForget(Turn turn) {
        turn.tell(turn.text("privacy.forget.ask"), List.of(
                new Choice(turn.text("privacy.forget.confirm"), FORGET, ""),
                new Choice(turn.text("privacy.cancel"), FORGET_CANCEL, "")));
    }

    private void forget(Turn turn) {
        Person person = person(turn);
        Map<String, Integer> erased = new LinkedHashMap<>();
        for (Feature feature : backwards()) {
            feature.erase(turn.handle(), person).forEach((what, n) -> erased.merge(what, n, Integer::sum));
        }
        log.info("Erased a member of workspace {} on {}: {}", person.workspaceId(), person.platform(), erased);
        turn.tellAndForget(turn.text("privacy.forget.done", erased.values().stream().mapToInt(Integer::intValue).sum()));
    }

    // ---------------------------------------------------------------------------------------
    // kring opheffen

    private void askDelete(Turn turn) {
        Circle circle = turn.theCircle();
        String value = new CircleValue(circle.id()).encode();
        turn.tell(turn.text("privacy.delete.ask", circle.channelId()), List.of(
                new Choice(turn.text("privacy.delete.open"), DELETE, value),
                new Choice(turn.text("privacy.cancel"), DELETE_CANCEL, value)));
    }

    private void deleteForm(Turn turn, CircleValue value) {
        Circle circle = turn.theCircle();
        turn.openForm(new Form(DELETE_FORM, value.encode(), turn.text("privacy.delete.form.title"),
                turn.text("privacy.delete.form.submit"), List.of(
                FormField.text(NAME_FIELD, turn.text("privacy.delete.form.name", circle.channelId()), 300))));
    }

    private void delete(Turn turn, CircleValue value) {
        Circle circle = turn.theCircle();
        String typed = turn.event().form() == null ? "" : turn.event().form().getOrDefault(NAME_FIELD, "");
        if (!sameName(typed, circle.channelId())) {
            turn.tell(turn.text("privacy.delete.wrongName", circle.channelId()));
            return;
        }
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Feature feature : backwards()) {
            feature.deleteCircle(turn.handle(), circle).forEach((what, n) -> deleted.merge(what, n, Integer::sum));
        }
        log.info("Deleted circle {} of workspace {} on {}: {}", circle.id(), circle.workspaceId(), circle.platform(), deleted);
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("privacy.delete.done")));
    }

    /** The channel's id as typed: spaces, a leading {@code #} and letter case do not matter. */
    static boolean sameName(String typed, String channelId) {
        String t = typed.strip();
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        return !t.isEmpty() && t.toLowerCase(Locale.ROOT).equals(channelId.toLowerCase(Locale.ROOT));
    }

}
