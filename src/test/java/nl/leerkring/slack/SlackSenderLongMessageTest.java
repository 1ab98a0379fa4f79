package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.SlackLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender over HTTP to the fake Web API: a message too big for one Slack message arrives as several, in order, in one thread. */
class SlackSenderLongMessageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private FakeSlackApi fake;
    private Slack slack;

    @BeforeEach
    void start() {
        fake = FakeSlackApi.start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        slack = Slack.getInstance(config);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        fake.close();
    }

    @Test
    void aMessageOfTwoHundredThousandCharactersGoesAsSeveralMessagesInOrderInTheSameThread() throws Exception {
        SlackSender sender = new SlackSender(slack.methods("xoxb-test"), slack, new ResponseUrls(fake.apiUrl(), Clock.systemUTC()));
        List<String> lines = IntStream.range(0, 400)
                .mapToObj(i -> "• <@UM" + i + ">: regel" + i + " " + "woord ".repeat(80) + "eind" + i).toList();
        OutgoingMessage message = OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", "C1"), String.join("\n", lines))
                .withTitle("Verslag");

        SendResult result = sender.send(message, "1700000000.000100");

        List<Call> posts = fake.calls("chat.postMessage");
        assertTrue(posts.size() >= 2, "several messages: " + posts.size());
        assertEquals(new SendResult.Sent(posts.get(0).ref()), result, "the first message is the one the outbox knows");
        assertEquals(List.of(), SlackLimits.violations(fake.calls()));
        StringBuilder shown = new StringBuilder();
        for (int p = 0; p < posts.size(); p++) {
            Call post = posts.get(p);
            assertEquals("1700000000.000100", post.threadTs(), "every part in the thread");
            JsonNode blocks = MAPPER.readTree(post.field("blocks"));
            assertEquals(p > 0, blocks.get(0).path("type").asText().equals("context"), "a continuation says so first");
            assertEquals(p < posts.size() - 1, blocks.get(blocks.size() - 1).path("type").asText().equals("context"),
                    "a message that continues says so last");
            blocks.forEach(b -> shown.append(b.path("text").path("text").asText()).append('\n'));
        }
        int at = 0;
        for (String line : lines) {
            int found = shown.indexOf(line, at);
            assertTrue(found >= at, "complete and in order: " + line.substring(0, 16));
            at = found + line.length();
        }
    }
}
