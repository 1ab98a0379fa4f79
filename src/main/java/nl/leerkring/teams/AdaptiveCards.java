package nl.leerkring.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Attachment;
import com.microsoft.bot.schema.ChannelAccount;
import com.microsoft.bot.schema.Mention;
import com.microsoft.bot.schema.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.i18n.Texts;

/**
 * Renders a neutral message as Teams messages: an Adaptive Card (1.4) with the title, the text,
 * the fields as a FactSet and the choices; a form as a card with inputs. The activity's summary
 * (notifications) is a short first line only: the whole text there would double the size of
 * every message, and Teams refuses a message over about 28 KB.
 *
 * <p>What Teams needs differently from the neutral text:
 * <ul>
 *   <li>At most {@value #MAX_ACTIONS} buttons: Teams shows no more, and cuts long button titles.
 *       More choices become a pick list ({@code Input.ChoiceSet}) with one submit button, whose
 *       data comes back as the same action and value a button would have sent.</li>
 *   <li>Long text is split over several messages, in order; the title goes on the first, the
 *       fields and choices on the last.</li>
 *   <li>Slack's {@code *bold*} is {@code **bold**} (a single star is italics in Teams).</li>
 *   <li>{@code /kring …}: Teams has no slash commands; the bot is addressed as
 *       {@code @Leerkring kring …}.</li>
 * </ul>
 *
 * <p>Mentions: a real Teams mention needs the user's display name ({@code <at>Name</at>} plus a
 * mention entity). The names Teams gave (in {@code from.name} and mention entities) are kept
 * per member; a user whose name is not known is written as {@code @} plus a short form of the
 * id, which notifies nobody. Facts, buttons and labels cannot mention: there a known user is
 * the plain text {@code @Name}.
 */
final class AdaptiveCards {

    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    /** The most buttons Teams shows on a card. */
    static final int MAX_ACTIONS = 6;
    /** The id of a pick list's input: its value is the picked choice. */
    static final String PICK_KEY = "lk_pick";
    /** Separates action and value in a pick list of choices with different actions. */
    static final char PICK_SEPARATOR = '\u001F';
    /** Text per message, in UTF-8 bytes: with the card's JSON around it well under Teams' 28 KB. */
    static final int MAX_TEXT_BYTES = 12_000;
    static final int SUMMARY_CHARS = 120;
    /** A pick list with up to this many choices shows them all (radio buttons); longer ones drop down. */
    private static final int EXPANDED_PICKS = 8;
    private static final int SHORT_ID = 8;
    // Each pattern begins with its literal and looks behind only where that matched: a look
    // behind first would be tried at every position of every text a card shows.
    private static final Pattern SLASH_KRING = Pattern.compile("/(?<![\\p{L}\\p{N}/@_]/)kring\\b");
    private static final Pattern SLACK_BOLD = Pattern.compile("\\*(?<![*\\p{L}\\p{N}]\\*)(?=\\S)([^*\\n]*?\\S)\\*(?![*\\p{L}\\p{N}])");

    private final Texts texts;

    /** The same cards with Teams' own words (required field, pick, sent by) in these texts' language. */
    AdaptiveCards in(Texts other) {
        return other == texts ? this : new AdaptiveCards(other);
    }

    AdaptiveCards(Texts texts) {
        this.texts = texts;
    }

    /** The message as one or more activities, to be posted in this order; {@code botName} is how Teams users address the bot. */
    List<Activity> render(OutgoingMessage message, String botName) {
        return render(message, botName, Map.of());
    }

    /**
     * As {@link #render(OutgoingMessage, String)}, with the display names of mentioned users
     * that are known: their mentions become real Teams mentions, {@code <at>Name</at>} in the
     * card's text with a mention entity (in the card's {@code msteams.entities}, where Teams
     * reads them for a card, and in the activity's), so that the person is notified.
     */
    List<Activity> render(OutgoingMessage message, String botName, Map<String, String> names) {
        Teamsify words = new Teamsify(botName, names);
        if (message.form() != null) {
            return List.of(activity(words.summary(message.form().title()), formCard(message.form(), words), words));
        }
        List<String> parts = split(message.text() == null ? "" : message.text().strip(), MAX_TEXT_BYTES);
        List<Activity> activities = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            boolean first = i == 0;
            boolean last = i == parts.size() - 1;
            ObjectNode card = emptyCard();
            ArrayNode body = (ArrayNode) card.get("body");
            if (first && message.title() != null && !message.title().isBlank()) {
                body.addObject().put("type", "TextBlock").put("text", words.markdown(message.title()))
                        .put("weight", "Bolder").put("size", "Medium").put("wrap", true);
            }
            addText(body, parts.get(i), words);
            if (last) {
                addFields(body, message.fields(), words);
                addChoices(card, body, message.choices(), words);
            }
            String summary = first && message.title() != null && !message.title().isBlank() ? message.title() : parts.get(i);
            activities.add(activity(words.summary(summary), card, words));
        }
        return activities;
    }

    private static Activity activity(String summary, ObjectNode content, Teamsify words) {
        Activity activity = Activity.createMessageActivity();
        activity.setSummary(summary);
        List<Mention> mentions = words.takeMentions();
        if (!mentions.isEmpty()) {
            ArrayNode entities = content.putObject("msteams").putArray("entities");
            mentions.forEach(m -> entities.add(Serialization.objectToTree(m)));
            activity.setMentions(mentions);
        }
        Attachment card = new Attachment();
        card.setContentType(CONTENT_TYPE);
        card.setContent(content);
        activity.setAttachments(List.of(card));
        return activity;
    }

    /** The size Teams judges a message by: its JSON in UTF-8. */
    static int bytes(Activity activity) {
        try {
            return Serialization.toString(activity).getBytes(StandardCharsets.UTF_8).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode emptyCard() {
        ObjectNode card = Serialization.createObjectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", "1.4");
        card.putArray("body");
        return card;
    }

    /** A form: one input per field and a submit button whose data names the form's action. */
    ObjectNode formCard(Form form, Teamsify words) {
        ObjectNode card = emptyCard();
        ArrayNode body = (ArrayNode) card.get("body");
        body.addObject().put("type", "TextBlock").put("text", words.markdown(form.title())).put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true);
        for (Form.FormField field : form.fields()) {
            ObjectNode input = body.addObject().put("id", field.id()).put("label", words.plain(field.label()))
                    .put("isRequired", !field.optional());
            if (!field.optional()) {
                input.put("errorMessage", texts.get("teams.required"));
            }
            if (field.options().isEmpty()) {
                input.put("type", "Input.Text").put("isMultiline", field.multiline()).put("maxLength", field.maxLength());
            } else {
                input.put("type", "Input.ChoiceSet").put("style", "compact").put("wrap", true);
                ArrayNode choices = input.putArray("choices");
                for (Choice option : field.options()) {
                    choices.addObject().put("title", words.plain(option.label())).put("value", option.value());
                }
            }
            if (field.value() != null) {
                input.put("value", field.value()); // what was typed, shown again
            }
            if (field.error() != null) {
                body.addObject().put("type", "TextBlock").put("text", words.plain(field.error())).put("color", "Attention")
                        .put("wrap", true);
            }
        }
        ObjectNode data = card.putArray("actions").addObject().put("type", "Action.Submit")
                .put("title", words.plain(form.submitLabel())).putObject("data");
        data.put(ActivityMapper.FORM_KEY, form.action()).put(ActivityMapper.CONTEXT_KEY, form.context());
        return card;
    }

    /**
     * The same form card again, with what was typed in its inputs and each refused answer's
     * reason under it; {@code names}: the known display names of the users it mentions.
     */
    ObjectNode refusedCard(Form form, Map<String, String> answers, Map<String, String> problems, Map<String, String> names) {
        return formCard(form.withAnswers(answers, problems), new Teamsify(null, names));
    }

    /**
     * A form card once answered: {@code title} (what and by whom) and what was picked from pick
     * lists, without inputs or buttons. Typed text is not repeated: it may be a hidden answer
     * that is to be shown nowhere before its time. A picked member is shown by the name in
     * {@code names}.
     */
    ObjectNode answeredCard(String title, Form form, Map<String, String> answers, Map<String, String> names) {
        Teamsify words = new Teamsify(null, names);
        ObjectNode card = emptyCard();
        ArrayNode body = (ArrayNode) card.get("body");
        body.addObject().put("type", "TextBlock").put("text", words.plain(title)).put("weight", "Bolder").put("wrap", true);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        for (Form.FormField field : form.fields()) {
            String answer = answers.getOrDefault(field.id(), "");
            for (Choice option : field.options()) {
                if (option.value().equals(answer)) {
                    facts.addObject().put("title", words.plain(field.label())).put("value", words.plain(option.label()));
                }
            }
        }
        return card;
    }

    private static void addFields(ArrayNode body, List<Field> fields, Teamsify words) {
        if (fields.isEmpty()) {
            return;
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        for (Field f : fields) {
            facts.addObject().put("title", words.plain(f.label())).put("value", words.plain(f.value()));
        }
    }

    /**
     * Up to {@value #MAX_ACTIONS} choices are buttons. With more, the choices that share the most
     * common action (the ideas of a vote, say) become a pick list with one submit button that
     * sends that action; the others stay buttons, which neither send nor check the pick list.
     * When even that leaves too many buttons, every choice goes in the pick list.
     */
    private void addChoices(ObjectNode card, ArrayNode body, List<Choice> choices, Teamsify words) {
        if (choices.isEmpty()) {
            return;
        }
        ArrayNode actions = card.putArray("actions");
        if (choices.size() <= MAX_ACTIONS) {
            choices.forEach(c -> button(actions, c, words, false));
            return;
        }
        Map<String, List<Choice>> byAction = new LinkedHashMap<>();
        choices.forEach(c -> byAction.computeIfAbsent(c.action(), a -> new ArrayList<>()).add(c));
        List<Choice> common = byAction.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        List<Choice> rest = choices.stream().filter(c -> !c.action().equals(common.get(0).action())).toList();
        boolean oneAction = common.size() > 1 && rest.size() + 1 <= MAX_ACTIONS;
        List<Choice> listed = oneAction ? common : choices;

        ObjectNode input = body.addObject().put("type", "Input.ChoiceSet").put("id", PICK_KEY)
                .put("style", listed.size() <= EXPANDED_PICKS ? "expanded" : "compact").put("wrap", true)
                .put("isRequired", true).put("errorMessage", texts.get("teams.pickRequired"));
        ArrayNode options = input.putArray("choices");
        for (Choice c : listed) {
            String value = c.value() == null ? "" : c.value();
            options.addObject().put("title", words.plain(c.label()))
                    .put("value", oneAction ? value : c.action() + PICK_SEPARATOR + value);
        }
        ObjectNode data = actions.addObject().put("type", "Action.Submit").put("title", texts.get("teams.pick"))
                .putObject("data");
        if (oneAction) {
            data.put(ActivityMapper.ACTION_KEY, common.get(0).action());
            rest.forEach(c -> button(actions, c, words, true));
        } else {
            data.put(PICK_KEY + "_any", true);
        }
    }

    private static void button(ArrayNode actions, Choice c, Teamsify words, boolean withoutInputs) {
        ObjectNode button = actions.addObject().put("type", "Action.Submit").put("title", words.plain(c.label()));
        if (withoutInputs) {
            button.put("associatedInputs", "none");
        }
        button.putObject("data").put(ActivityMapper.ACTION_KEY, c.action())
                .put(ActivityMapper.VALUE_KEY, c.value() == null ? "" : c.value());
    }

    /**
     * One TextBlock per line: how a single newline inside a TextBlock renders differs between
     * Adaptive Card hosts; separate blocks look the same everywhere. A blank line becomes space.
     */
    private static void addText(ArrayNode body, String text, Teamsify words) {
        if (text == null || text.isBlank()) {
            return;
        }
        boolean gap = false;
        boolean first = true;
        for (String line : text.strip().split("\n", -1)) {
            if (line.isBlank()) {
                gap = true;
                continue;
            }
            ObjectNode block = body.addObject().put("type", "TextBlock").put("text", words.markdown(line)).put("wrap", true);
            if (!first) {
                block.put("spacing", gap ? "Medium" : "None");
            }
            first = false;
            gap = false;
        }
    }

    /**
     * The text in parts of at most {@code maxBytes} UTF-8 bytes, cut between lines (a blank line
     * preferred is not worth the complexity: any line end will do), and a line longer than that
     * between words.
     */
    static List<String> split(String text, int maxBytes) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int size = 0;
        for (String line : text.split("\n", -1)) {
            for (String piece : cutLine(line, maxBytes)) {
                int pieceBytes = piece.getBytes(StandardCharsets.UTF_8).length + 1;
                if (size + pieceBytes > maxBytes && size > 0) {
                    parts.add(part.toString().strip());
                    part.setLength(0);
                    size = 0;
                }
                part.append(piece).append('\n');
                size += pieceBytes;
            }
        }
        String tail = part.toString().strip();
        if (!tail.isEmpty() || parts.isEmpty()) {
            parts.add(tail);
        }
        return parts;
    }

    private static List<String> cutLine(String line, int maxBytes) {
        if (line.getBytes(StandardCharsets.UTF_8).length < maxBytes) {
            return List.of(line);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int size = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int cpBytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (size + cpBytes >= maxBytes) {
                int space = piece.lastIndexOf(" ");
                String keep = space > 0 ? piece.substring(0, space) : piece.toString();
                String carry = space > 0 ? piece.substring(space + 1) : "";
                pieces.add(keep);
                piece.setLength(0);
                piece.append(carry);
                size = carry.getBytes(StandardCharsets.UTF_8).length;
            }
            piece.appendCodePoint(cp);
            size += cpBytes;
            i += Character.charCount(cp);
        }
        pieces.add(piece.toString());
        return pieces;
    }

    /** {@code <@29:1AbCdEfGh…>} becomes {@code @1AbCdEfG…}; see the class comment for why. */
    static String mentionsAsText(String text) {
        return text == null ? null : Mentions.replace(text, AdaptiveCards::shortForm);
    }

    private static String shortForm(String userId) {
        String id = userId.substring(userId.lastIndexOf(':') + 1);
        return "@" + (id.length() > SHORT_ID ? id.substring(0, SHORT_ID) + "…" : id);
    }

    /** The neutral text in Teams' words: commands as Teams users type them, mentions, bold. */
    static final class Teamsify {

        private final String command;
        private final Map<String, String> names;
        private final Map<String, String> mentioned = new LinkedHashMap<>();

        Teamsify(String botName) {
            this(botName, Map.of());
        }

        Teamsify(String botName, Map<String, String> names) {
            this.command = Matcher.quoteReplacement("@" + (botName == null || botName.isBlank() ? "Leerkring" : botName) + " kring");
            this.names = names;
        }

        /**
         * For text without markdown or mentions (input labels, button titles, facts): a known
         * user as {@code @Name}, another as a short form of the id.
         */
        String plain(String text) {
            return text == null ? null : SLASH_KRING.matcher(Mentions.replace(text, id -> names.containsKey(id)
                    ? "@" + names.get(id) : shortForm(id))).replaceAll(command);
        }

        /** For a TextBlock: Slack's {@code *bold*} as {@code **bold**}, a known user as a real mention. */
        String markdown(String text) {
            if (text == null) {
                return null;
            }
            String withMentions = Mentions.replace(text, id -> {
                if (!names.containsKey(id)) {
                    return shortForm(id);
                }
                mentioned.put(id, names.get(id));
                return "<at>" + names.get(id) + "</at>";
            });
            return SLACK_BOLD.matcher(SLASH_KRING.matcher(withMentions).replaceAll(command)).replaceAll("**$1**");
        }

        /** The mentions written since the last call, as entities. */
        List<Mention> takeMentions() {
            List<Mention> mentions = new ArrayList<>();
            mentioned.forEach((id, name) -> {
                Mention mention = new Mention();
                mention.setMentioned(new ChannelAccount(id, name));
                mention.setText("<at>" + name + "</at>");
                mentions.add(mention);
            });
            mentioned.clear();
            return mentions;
        }

        /** A notification line: the first line, short, without markup. */
        String summary(String text) {
            String line = plain(text == null ? "" : text.strip()).lines().findFirst().orElse("");
            line = SLACK_BOLD.matcher(line).replaceAll("$1");
            return line.length() <= SUMMARY_CHARS ? line : line.substring(0, SUMMARY_CHARS - 1).strip() + "…";
        }
    }
}
