package nl.leerkring.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every card the bot sends to Teams must be: valid against the official Adaptive Card 1.5
 * JSON schema and of a version Teams shows (1.5 at most), with at most
 * {@value AdaptiveCards#MAX_ACTIONS} actions, people shown by name and never by id, and every
 * {@code <at>Name</at>} backed by a mention entity on the card and on the activity.
 *
 * <p>The schema is {@code schemas/1.5.0/adaptive-card.json} of Microsoft's AdaptiveCards
 * repository (MIT licence, kept beside it as {@code LICENSE}), at commit
 * {@code 93695cf2df1117ab08e36ebe707d0ced18e4e9b3}; it is on the test class path so that the
 * check needs no network. The schema allows no property it does not name, and so not
 * {@code msteams}, the card property in which Teams reads a card's mentions (documented by
 * Microsoft for mentions in Adaptive Cards): that property is checked here on its own against
 * the documented shape and taken off before the schema sees the card.
 */
final class CardChecks {

    static final String SCHEMA_RESOURCE = "/adaptive-cards/adaptive-card-1.5.json";
    private static final String SCHEMA_ID = "http://adaptivecards.io/schemas/adaptive-card.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AT = Pattern.compile("<at>(.*?)</at>");
    /** Properties whose strings people read on a card. */
    private static final Set<String> SHOWN = Set.of("text", "title", "label", "placeholder", "errorMessage", "fallbackText",
            "altText");
    private static final SchemaRegistry REGISTRY = load();
    private static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID));
    /** The element and action types the schema defines, each in a definition of that name. */
    private static final Set<String> DEFINED_TYPES = definedTypes();

    /** The known users: id to the display name Teams gave. */
    private final Map<String, String> people;

    CardChecks(Map<String, String> people) {
        this.people = people;
    }

    private static SchemaRegistry load() {
        try (InputStream in = CardChecks.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the test class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // The file declares draft 06 but names itself with draft 04's "id" (draft 06 has "$id").
            Dialect draft6 = Dialect.builder(Dialects.getDraft6()).idKeyword("id").keyword(new NonValidationKeyword("id")).build();
            return SchemaRegistry.withDialect(draft6, b -> b.schemas(Map.of(SCHEMA_ID, text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> definedTypes() {
        Set<String> types = new TreeSet<>();
        SCHEMA.getSchemaNode().path("definitions").fields().forEachRemaining(d -> d.getValue().path("properties").path("type")
                .path("enum").forEach(t -> types.add(t.asText())));
        return types;
    }

    /**
     * What the schema has against this card (without {@code msteams}), one line each; empty when
     * it is valid. The schema accepts an element when any element definition does, so its own
     * errors for a bad element list every definition's; the lines say instead what the card
     * itself lacks, and what each of its elements and actions lacks by its own type.
     */
    static List<String> schemaErrors(JsonNode card) {
        ObjectNode copy = card.deepCopy();
        copy.remove("msteams");
        if (SCHEMA.validate(copy).isEmpty()) {
            return List.of();
        }
        List<String> errors = new ArrayList<>();
        ObjectNode bare = copy.deepCopy();
        for (String list : List.of("body", "actions")) {
            if (bare.path(list).isArray()) {
                bare.putArray(list);
            }
        }
        SCHEMA.validate(bare).forEach(e -> errors.add((e.getInstanceLocation().toString().replaceFirst("^[$]", "") + "/")
                .replaceFirst("(.)/$", "$1") + ": " + e.getMessage()));
        for (String list : List.of("body", "actions")) {
            for (int i = 0; i < copy.path(list).size(); i++) {
                JsonNode item = copy.path(list).path(i);
                String at = "/" + list + "/" + i;
                String type = item.path("type").asText();
                if (!DEFINED_TYPES.contains(type)) {
                    errors.add(at + ": no element or action of Adaptive Cards is of type '" + type + "'");
                    continue;
                }
                String inner = "#/definitions/" + type;
                REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID + inner)).validate(item)
                        .forEach(e -> errors.add(at + e.getInstanceLocation().toString().replaceFirst("^[$]", "") + ": "
                                + e.getMessage() + " (" + type + ")"));
            }
        }
        return errors.isEmpty() ? List.of("invalid, and no single part says why: " + SCHEMA.validate(copy)) : errors;
    }

    /** Everything wrong with this posted or changed message's card, one line each; empty when it is right. */
    List<String> problems(FakeConnector.Call call) {
        JsonNode activity = TeamsChannel.json(call);
        JsonNode card = TeamsChannel.content(call);
        List<String> problems = new ArrayList<>(schemaErrors(card));
        // the schema does not require it, but a host shows a card without a version it supports as its fallback text
        String version = card.path("version").asText("");
        if (!version.matches("1\\.[0-5]")) {
            problems.add("version '" + version + "': Teams needs one, 1.5 at most");
        }
        int actions = count(card, "Action.");
        if (actions > AdaptiveCards.MAX_ACTIONS) {
            problems.add(actions + " actions, Teams shows " + AdaptiveCards.MAX_ACTIONS);
        }
        List<String> shown = new ArrayList<>();
        List<Shown> onCard = new ArrayList<>();
        shownStrings(card, onCard);
        onCard.forEach(s -> shown.add(s.text()));
        shown.add(activity.path("summary").asText(""));
        shown.add(activity.path("text").asText(""));
        for (String text : shown) {
            for (String id : people.keySet()) {
                String tail = id.substring(id.lastIndexOf(':') + 1);
                if (text.contains(id) || text.contains("@" + tail.substring(0, Math.min(tail.length(), 8)))) {
                    problems.add("shows the id of " + people.get(id) + ": " + text);
                }
            }
        }
        problems.addAll(mentionProblems(card));
        for (JsonNode entity : card.path("msteams").path("entities")) {
            boolean onActivity = false;
            for (JsonNode e : activity.path("entities")) {
                onActivity |= e.path("type").asText().equals("mention") && e.path("mentioned").equals(entity.path("mentioned"));
            }
            if (!onActivity) {
                problems.add("the mention of " + entity.path("mentioned").path("name").asText() + " is not on the activity too");
            }
        }
        return problems;
    }

    /** Every {@code <at>Name</at>} in a TextBlock has its entity in {@code msteams.entities}, and every entity is used. */
    private List<String> mentionProblems(JsonNode card) {
        List<String> problems = new ArrayList<>();
        JsonNode msteams = card.path("msteams");
        Iterator<String> keys = msteams.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("entities") && !key.equals("width")) {
                problems.add("msteams." + key + " is not a Teams card property");
            }
        }
        List<String> entityTexts = new ArrayList<>();
        for (JsonNode entity : msteams.path("entities")) {
            String name = entity.path("mentioned").path("name").asText();
            String id = entity.path("mentioned").path("id").asText();
            if (!entity.path("type").asText().equals("mention") || !entity.path("text").asText().equals("<at>" + name + "</at>")) {
                problems.add("not a mention entity: " + entity);
            }
            if (!name.equals(people.get(id))) {
                problems.add("mention of " + id + " with the name '" + name + "', Teams gave '" + people.get(id) + "'");
            }
            entityTexts.add(entity.path("text").asText());
        }
        List<Shown> shown = new ArrayList<>();
        shownStrings(card, shown);
        List<String> written = new ArrayList<>();
        List<String> unmentionable = new ArrayList<>();
        for (Shown s : shown) {
            Matcher m = AT.matcher(s.text());
            while (m.find()) {
                (s.inTextBlock() ? written : unmentionable).add(m.group());
            }
        }
        for (String mention : written) {
            if (!entityTexts.contains(mention)) {
                problems.add(mention + " without a mention entity");
            }
        }
        for (String entity : entityTexts) {
            if (!written.contains(entity)) {
                problems.add("a mention entity for " + entity + " that no text shows");
            }
        }
        if (!unmentionable.isEmpty()) {
            problems.add(unmentionable + " where Teams shows no mention (a fact, a button, a label)");
        }
        return problems;
    }

    /** A string people read on a card, and whether it is a TextBlock's text (the only place a mention works). */
    private record Shown(String text, boolean inTextBlock) {
    }

    /**
     * The strings people read on the card: texts, titles, labels, facts' values, what a text
     * input shows; not the data a button sends, ids, or the values behind a pick list's choices.
     */
    private static void shownStrings(JsonNode node, List<Shown> into) {
        if (node.isArray()) {
            node.forEach(n -> shownStrings(n, into));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText();
        node.fields().forEachRemaining(f -> {
            String key = f.getKey();
            JsonNode value = f.getValue();
            if (value.isTextual()) {
                boolean read = SHOWN.contains(key)
                        || key.equals("value") && (type.isEmpty() && !node.has("type") && isFact(node) || type.equals("Input.Text"));
                if (read) {
                    into.add(new Shown(value.asText(), type.equals("TextBlock") && key.equals("text")));
                }
            } else if (!key.equals("data") && !key.equals("msteams") && !key.equals("choices")) {
                shownStrings(value, into);
            } else if (key.equals("choices")) {
                value.forEach(c -> into.add(new Shown(c.path("title").asText(), false)));
            }
        });
    }

    /** A fact of a FactSet: a title and a value, nothing else (a choice is one too, but choices are read apart). */
    private static boolean isFact(JsonNode node) {
        return node.size() == 2 && node.has("title") && node.has("value");
    }

    private static int count(JsonNode node, String typePrefix) {
        int n = node.path("type").asText().startsWith(typePrefix) ? 1 : 0;
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                n += count(child, typePrefix);
            }
        }
        return n;
    }

    /** The number of mention entities on this card. */
    static int mentions(FakeConnector.Call call) {
        return TeamsChannel.content(call).path("msteams").path("entities").size();
    }

    /**
     * Writes each card as {@code <prefix>-NNN.json} in {@code dir} (its Adaptive Card, as the
     * bot sent it), for people to look at and for {@code scripts/render-cards} to render.
     */
    static void write(Path dir, String prefix, List<FakeConnector.Call> cards) {
        try {
            Files.createDirectories(dir);
            try (var old = Files.newDirectoryStream(dir, prefix + "-[0-9][0-9][0-9].json")) {
                for (Path stale : old) {
                    Files.delete(stale);
                }
            }
            for (int i = 0; i < cards.size(); i++) {
                Path file = dir.resolve(String.format("%s-%03d.json", prefix, i + 1));
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(TeamsChannel.content(cards.get(i))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
