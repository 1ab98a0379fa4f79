package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Serialization;
import java.util.List;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.i18n.Texts;
import org.junit.jupiter.api.Test;

/** Teams activities to neutral events and neutral messages to cards, without a server. */
class ActivityMapperTest {

    private static Activity activity(String conversationId, String type, String text, String entities) throws Exception {
        String json = """
                {"type":"message","id":"a1","channelId":"msteams","serviceUrl":"http://127.0.0.1/",
                 "from":{"id":"29:anna"},"recipient":{"id":"28:bot","name":"Leer.kring (bot)"},
                 "conversation":{"id":"%s","conversationType":"%s"},
                 "channelData":{"tenant":{"id":"t-from-channel-data"}},
                 "text":%s,"entities":%s}""".formatted(conversationId, type,
                Serialization.toString(text), entities);
        return Serialization.safeGetAs(Serialization.jsonToTree(json), Activity.class);
    }

    private static InboundEvent event(Activity a) {
        return ActivityMapper.toEvent(a).orElseThrow();
    }

    @Test
    void inAGroupChatTextForTheBotIsACommandAndOtherTalkIsReadAsTalkInTheChat() throws Exception {
        String bot = """
                [{"type":"mention","text":"<at>Leer.kring (bot)</at>","mentioned":{"id":"28:bot","name":"Leer.kring (bot)"}}]""";
        String chat = "19:8d1c3f2a@thread.v2";
        InboundEvent command = event(activity(chat, "groupChat", "<at>Leer.kring (bot)</at> kring casus", bot));
        assertEquals(InboundEvent.Kind.COMMAND, command.kind());
        assertEquals("casus", command.text());
        assertNull(command.where().threadId(), "a command is about the chat itself");

        InboundEvent talk = event(activity(chat, "groupChat", "<at>Bram</at> belt morgen", """
                [{"type":"mention","text":"<at>Bram</at>","mentioned":{"id":"29:bram","name":"Bram"}}]"""));
        assertEquals(InboundEvent.Kind.MESSAGE, talk.kind(), "read as talk, never as a command");
        assertEquals(chat, talk.where().channelId());
        assertEquals(nl.leerkring.chat.Address.NEWEST_THREAD, talk.where().threadId(), "the chat's running case, as the core reads it");
        assertEquals("<@29:bram> belt morgen", talk.text());

        assertTrue(ActivityMapper.toEvent(activity(chat, "groupChat", " ", "[]")).isEmpty(), "nothing to read");
        assertTrue(ActivityMapper.toEvent(activity("19:c@thread.tacv2", "channel", "belt morgen", "[]")).isEmpty(),
                "in a channel the same talk outside a thread is not for the bot");
    }

    @Test
    void inAChannelOnlyTextAddressedToTheBotIsACommandAndOnlyThreadRepliesAreRead() throws Exception {
        String bot = """
                [{"type":"mention","text":"<at>Leer.kring (bot)</at>","mentioned":{"id":"28:bot","name":"Leer.kring (bot)"}}]""";
        InboundEvent command = event(activity("19:c@thread.tacv2", "channel", "<at>Leer.kring (bot)</at> /Kring leden", bot));
        assertEquals(InboundEvent.Kind.COMMAND, command.kind());
        assertEquals("leden", command.text());
        assertEquals("t-from-channel-data", command.where().workspaceId(), "tenant falls back to channelData");
        assertNull(command.where().threadId());

        assertTrue(ActivityMapper.toEvent(activity("19:c@thread.tacv2", "channel", "Kring van morgen gaat niet door", "[]")).isEmpty(),
                "chatter in a channel (delivered with the read-all-messages permission) is not for the bot");
        assertTrue(ActivityMapper.toEvent(activity("19:c@thread.tacv2", "channel", "/kring leden", "[]")).isEmpty(),
                "without the bot's mention entity not even a kring command");
        String other = """
                [{"type":"mention","text":"<at>Bram</at>","mentioned":{"id":"29:bram","name":"Bram"}}]""";
        assertTrue(ActivityMapper.toEvent(activity("19:c@thread.tacv2", "channel", "<at>Bram</at> kring leden", other)).isEmpty(),
                "a mention of someone else does not address the bot");

        InboundEvent talk = event(activity("19:c@thread.tacv2;messageid=42", "channel", "kring van morgen gaat niet door", "[]"));
        assertEquals(InboundEvent.Kind.MESSAGE, talk.kind(), "a thread reply is read as talk, never as a command");
        assertEquals("19:c@thread.tacv2", talk.where().channelId());
        assertEquals("42", talk.where().threadId());
    }

    @Test
    void inA1to1ChatEverythingIsACommand() throws Exception {
        InboundEvent e = event(activity("a:1chat", "personal", "help", "[]"));
        assertEquals(InboundEvent.Kind.COMMAND, e.kind());
        assertEquals("help", e.text());
    }

    @Test
    void theBotsMentionIsRemovedLiterallyAndOtherMentionsBecomeNeutral() throws Exception {
        String entities = """
                [{"type":"mention","text":"<at>Leer.kring (bot)</at>","mentioned":{"id":"28:bot","name":"Leer.kring (bot)"}},
                 {"type":"mention","text":"<at>Bram</at>","mentioned":{"id":"29:bram","name":"Bram"}}]""";
        InboundEvent e = event(activity("19:c@thread.tacv2", "channel", "<at>Leer.kring (bot)</at> rol <at>Bram</at> lid", entities));
        assertEquals(InboundEvent.Kind.COMMAND, e.kind(), "mentioning the bot is a command, like Slack's app_mention");
        assertEquals("rol <@29:bram> lid", e.text());
    }

    @Test
    void aCardRendersTitleTextFactsAndSubmitActionsAndMentionsAsPlainText() {
        OutgoingMessage m = OutgoingMessage.text(null, "Hallo <@29:1abcdefghijk>\n\nTweede alinea")
                .withTitle("Titel")
                .withFields(List.of(new Field("Leden", "3")))
                .withChoices(List.of(new Choice("Nederlands", "circle.language", "nl")));
        List<Activity> rendered = new AdaptiveCards(Texts.of("nl")).render(m, "Leerkring");
        assertEquals(1, rendered.size());
        var card = Serialization.objectToTree(rendered.get(0).getAttachments().get(0).getContent());
        assertEquals("Titel", card.path("body").path(0).path("text").asText());
        assertEquals("Hallo @1abcdefg…", card.path("body").path(1).path("text").asText());
        assertEquals("Medium", card.path("body").path(2).path("spacing").asText(), "a blank line becomes space");
        assertEquals("FactSet", card.path("body").path(3).path("type").asText());
        assertEquals("Action.Submit", card.path("actions").path(0).path("type").asText());
        assertEquals("circle.language", card.path("actions").path(0).path("data").path("lk_action").asText());
        assertEquals("nl", card.path("actions").path(0).path("data").path("lk_value").asText());
        assertEquals("Titel", rendered.get(0).getSummary(), "the summary is a short first line, not the whole text again");
        assertEquals(null, rendered.get(0).getText(), "no text above the card: Teams would show it twice");
    }
}
