package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import org.junit.jupiter.api.Test;

/** The renderer keeps every block within Slack's limits and loses nothing while splitting. */
class BlockKitTest {

    private static final Address CHANNEL = Address.channel(Platform.SLACK, "T1", "C1");

    @Test
    void aTextTooLongForFiftyBlocksBecomesSeveralMessagesInOrderWithoutCuttingWordsOrMentions() {
        // 400 lines of ~500 characters: about 200,000 characters, more than 50 sections of 3,000 hold
        List<String> lines = IntStream.range(0, 400)
                .mapToObj(i -> "regel" + i + " <@U" + (1000 + i) + "> " + "woord ".repeat(80) + "&amp; eind" + i)
                .toList();
        OutgoingMessage message = OutgoingMessage.text(CHANNEL, String.join("\n", lines)).withTitle("Verslag");

        List<BlockKit.Part> parts = BlockKit.render(message);

        assertTrue(parts.size() >= 2, "parts: " + parts.size());
        StringBuilder all = new StringBuilder();
        for (int p = 0; p < parts.size(); p++) {
            List<LayoutBlock> blocks = parts.get(p).blocks();
            assertTrue(blocks.size() <= 50, "part " + p + " has " + blocks.size() + " blocks");
            assertEquals(p > 0, blocks.get(0) instanceof ContextBlock, "a continuation starts with the marker");
            assertEquals(p < parts.size() - 1, blocks.get(blocks.size() - 1) instanceof ContextBlock,
                    "a message that continues ends with the marker");
            assertTrue(parts.get(p).text().length() <= BlockKit.MAX_FALLBACK_TEXT);
            for (LayoutBlock b : blocks) {
                if (b instanceof SectionBlock s) {
                    String text = s.getText().getText();
                    assertTrue(text.length() <= 3000, "a section of " + text.length());
                    all.append(text).append('\n');
                }
            }
        }
        String joined = all.toString();
        assertTrue(joined.startsWith("*Verslag*\n"), joined.substring(0, 20));
        int at = 0;
        for (String line : lines) {
            int found = joined.indexOf(line, at);
            assertTrue(found >= at, "line missing, cut or out of order: " + line.substring(0, 20));
            at = found + line.length();
        }
    }

    @Test
    void longFieldsManyFieldsAndManyButtonsStayWithinTheirLimits() {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            fields.add(new Field("Stap " + i, (i % 5 == 0 ? "lang ".repeat(401) : "kort") + " einde" + i));
        }
        List<Choice> choices = IntStream.range(0, 30).mapToObj(i -> new Choice("Idee " + i + " " + "x".repeat(100), "flow.vote", "" + i))
                .toList();
        OutgoingMessage message = OutgoingMessage.text(CHANNEL, "tekst").withFields(fields).withChoices(choices);

        List<LayoutBlock> blocks = BlockKit.render(message).get(0).blocks();

        List<String> shown = new ArrayList<>();
        int buttons = 0;
        for (LayoutBlock b : blocks) {
            if (b instanceof SectionBlock s && s.getFields() != null) {
                assertTrue(s.getFields().size() <= 10);
                for (TextObject f : s.getFields()) {
                    assertTrue(((com.slack.api.model.block.composition.MarkdownTextObject) f).getText().length() <= 2000);
                    shown.add(((com.slack.api.model.block.composition.MarkdownTextObject) f).getText());
                }
            } else if (b instanceof SectionBlock s) {
                assertTrue(s.getText().getText().length() <= 3000);
                shown.add(s.getText().getText());
            } else if (b instanceof ActionsBlock a) {
                assertTrue(a.getElements().size() <= 25);
                buttons += a.getElements().size();
            }
        }
        String all = shown.stream().collect(Collectors.joining("\n"));
        for (int i = 0; i < 23; i++) {
            assertTrue(all.contains("einde" + i + "\n") || all.endsWith("einde" + i), "field " + i + " is shown");
        }
        assertTrue(all.indexOf("*Stap 5*") < all.indexOf("*Stap 6*"), "the fields keep their order");
        assertEquals(30, buttons, "every choice has its button");
    }

    @Test
    void typedMarkupIsShownAsTextButMentionsStay() {
        assertEquals("&lt;https://phish.example/login|Klik hier&gt; &lt;!channel&gt; a &amp; b <@UALICE> &lt;@U9&gt;",
                TextSafety.mrkdwn("<https://phish.example/login|Klik hier> <!channel> a & b <@UALICE> &lt;@U9&gt;"));
        assertEquals("&lt;@U0ZED&gt; &amp;lt; a & b", TextSafety.typed("<@U0ZED> &lt; a & b"));
        assertEquals("&lt;@U0ZED&gt; &amp;lt; a &amp; b", TextSafety.mrkdwn(TextSafety.typed("<@U0ZED> &lt; a & b")));
    }
}
