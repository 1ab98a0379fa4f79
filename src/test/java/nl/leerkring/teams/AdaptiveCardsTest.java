package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.i18n.Texts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Neutral messages as Teams cards that Teams takes: few buttons, small messages, Teams' words. */
class AdaptiveCardsTest {

    private static final Address TO = Address.channel(Platform.TEAMS, "t", "19:c@thread.tacv2");
    private static AdaptiveCards cards;

    @BeforeAll
    static void texts() {
        Texts.addBundle("teams");
        cards = new AdaptiveCards(Texts.of("nl"));
    }

    private static JsonNode card(Activity activity) {
        return Serialization.objectToTree(activity.getAttachments().get(0).getContent());
    }

    @Test
    void aVoteOf22ChoicesIsAPickListWhoseSubmitComesBackAsTheSameChoice() {
        List<Choice> choices = new ArrayList<>();
        IntStream.rangeClosed(1, 20).forEach(i -> choices.add(new Choice("Eén heel lang idee nummer " + i
                + " dat nooit op een knop past", "flow.vote", "idea-" + i)));
        choices.add(new Choice("Volgende stap", "flow.next", "7"));
        choices.add(new Choice("Casus beëindigen", "flow.end", "7"));
        JsonNode card = card(cards.render(OutgoingMessage.text(TO, "Stem").withChoices(choices), "Leerkring").get(0));

        JsonNode actions = card.path("actions");
        assertEquals(3, actions.size(), actions.toString());
        assertEquals("Kiezen", actions.path(0).path("title").asText());
        assertEquals("Volgende stap", actions.path(1).path("title").asText());
        assertEquals("none", actions.path(1).path("associatedInputs").asText(), "moving on neither needs nor checks a pick");
        JsonNode pick = card.path("body").path(1);
        assertEquals("Input.ChoiceSet", pick.path("type").asText());
        assertEquals(20, pick.path("choices").size());
        assertEquals("Eén heel lang idee nummer 7 dat nooit op een knop past", pick.path("choices").path(6).path("title").asText());
        assertTrue(pick.path("isRequired").asBoolean());
        assertEquals("Kies eerst iets uit de lijst.", pick.path("errorMessage").asText());

        // what Teams sends: the submit's data with the input's value merged in
        ObjectNode submitted = actions.path(0).path("data").deepCopy();
        submitted.put(pick.path("id").asText(), pick.path("choices").path(6).path("value").asText());
        assertEquals(List.of("flow.vote", "idea-7"), List.of(ActivityMapper.choiceOf(submitted).orElseThrow()));
        assertEquals(List.of("flow.next", "7"), List.of(ActivityMapper.choiceOf(actions.path(1).path("data")).orElseThrow()));
    }

    @Test
    void sevenDifferentActionsAllGoInOnePickList() {
        List<Choice> choices = IntStream.rangeClosed(1, 7).mapToObj(i -> new Choice("Keuze " + i, "a" + i, "v" + i)).toList();
        JsonNode card = card(cards.render(OutgoingMessage.text(TO, "Kies").withChoices(choices), null).get(0));
        assertEquals(1, card.path("actions").size());
        JsonNode pick = card.path("body").path(1);
        ObjectNode submitted = card.path("actions").path(0).path("data").deepCopy();
        submitted.put(pick.path("id").asText(), pick.path("choices").path(4).path("value").asText());
        assertEquals(List.of("a5", "v5"), List.of(ActivityMapper.choiceOf(submitted).orElseThrow()));
    }

    @Test
    void longTextIsSplitInOrderIntoMessagesTeamsTakes() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            text.append("@Antwoord ").append(i).append(": ").append("Een lang antwoord met één zin die doorgaat. ".repeat(400))
                    .append("\n\n");
        }
        OutgoingMessage m = OutgoingMessage.text(TO, text.toString()).withTitle("De antwoorden (4)")
                .withFields(List.of(new Field("Tijd", "om"))).withChoices(List.of(new Choice("Volgende stap", "flow.next", "1")));
        List<Activity> parts = cards.render(m, "Leerkring");

        assertTrue(parts.size() >= 5, parts.size() + " messages for " + text.length() + " characters");
        StringBuilder again = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            int bytes = AdaptiveCards.bytes(parts.get(i));
            assertTrue(bytes < 20 * 1024, "part " + i + " has " + bytes + " bytes");
            assertTrue(parts.get(i).getSummary().length() <= AdaptiveCards.SUMMARY_CHARS, parts.get(i).getSummary());
            JsonNode card = card(parts.get(i));
            assertEquals(i == 0, card.path("body").path(0).path("weight").asText().equals("Bolder"), "the title only on the first");
            assertEquals(i == parts.size() - 1, card.has("actions"), "the buttons only on the last");
            for (JsonNode block : card.path("body")) {
                if (block.path("type").asText().equals("TextBlock") && !block.path("weight").asText().equals("Bolder")) {
                    again.append(block.path("text").asText()).append(' ');
                }
            }
        }
        assertEquals(text.toString().replaceAll("\\s+", " ").strip(), again.toString().replaceAll("\\s+", " ").strip(),
                "every word, in order");
    }

    @Test
    void slackBoldAndSlashCommandsBecomeTeams() {
        OutgoingMessage m = OutgoingMessage.text(TO, "*De kring*\nTyp /kring start of `/kring help`; 3 * 4 blijft * staan.")
                .withTitle("Over */kring*");
        List<Activity> parts = cards.render(m, "Leer.kring");
        JsonNode body = card(parts.get(0)).path("body");
        assertEquals("Over **@Leer.kring kring**", body.path(0).path("text").asText());
        assertEquals("**De kring**", body.path(1).path("text").asText());
        assertEquals("Typ @Leer.kring kring start of `@Leer.kring kring help`; 3 * 4 blijft * staan.", body.path(2).path("text").asText());
        assertFalse(parts.get(0).getSummary().contains("*"), parts.get(0).getSummary());
    }

    @Test
    void requiredFormInputsSayWhatIsMissing() {
        Form form = new Form("case.start", "", "Een casus inbrengen", "Versturen", List.of(
                Form.FormField.text("title", "Titel", 80),
                Form.FormField.longText("note", "Toelichting", 500).asOptional()));
        JsonNode body = card(cards.render(OutgoingMessage.form(TO.privatelyTo("29:a"), form, null), null).get(0)).path("body");
        assertEquals("Vul dit in.", body.path(1).path("errorMessage").asText());
        assertTrue(body.path(1).path("isRequired").asBoolean());
        assertFalse(body.path(2).has("errorMessage"), "an optional input has nothing to complain about");
    }
}
