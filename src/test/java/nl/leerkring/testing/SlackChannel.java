package nl.leerkring.testing;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import nl.leerkring.testing.FakeSlackApi.Call;

/**
 * People in one Slack channel using a running Leerkring over real HTTP, as Slack would relay
 * them to {@code /slack/events}: slash commands, messages in a thread, button presses and modal
 * submissions, each signed, each expected to be answered 200. What the bot sends back is read
 * from the {@link FakeSlackApi}: buttons are pressed and modals filled in as they were rendered,
 * not as a test thinks they were. It talks to whichever app its {@link SlackServer} runs, so
 * it serves across a restart.
 */
public final class SlackChannel {

    public static final String TEAM = FakeSlackApi.TEAM_ID;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Pattern MENTION = Pattern.compile("<@([A-Z0-9]+)>");

    private final SlackServer server;
    private final FakeSlackApi slack;
    private final String channel;

    SlackChannel(SlackServer server, String channel) {
        this.server = server;
        this.slack = server.api();
        this.channel = channel;
    }

    public String id() {
        return channel;
    }

    // ----------------------------------------------------------------------------------------
    // What people do

    /** {@code user} types {@code /kring <text>}; returns the trigger id it carried (a modal opened in answer uses it). */
    public String command(String user, String text) {
        String trigger = SlackRequests.newTrigger();
        post(FORM, SlackRequests.slashCommand(TEAM, channel, user, text, trigger));
        return trigger;
    }

    /** {@code user} writes {@code text} in the thread under the message with ts {@code threadTs}. */
    public void reply(String user, String threadTs, String text) {
        long n = SEQUENCE.incrementAndGet();
        post(JSON, SlackRequests.message("EvReply" + n, TEAM, channel, user, text, "1800000000." + String.format("%06d", n),
                threadTs));
    }

    /** {@code user} presses the button labelled {@code label} on a message the bot sent; returns the trigger id. */
    public String press(String user, Call message, String label) {
        JsonNode button = button(message, label);
        String trigger = SlackRequests.newTrigger();
        // a press on an ephemeral brings the response_url that can change it: one on the fake, to see what comes
        post(FORM, SlackRequests.buttonPress(TEAM, channel, user, button.path("action_id").asText(),
                button.path("value").asText(), message.ref(), message.threadTs().isEmpty() ? null : message.threadTs(),
                message.isEphemeral(), trigger, message.isEphemeral() ? slack.newActionResponseUrl()
                        : "https://hooks.slack.com/actions/" + TEAM + "/1/x"));
        return trigger;
    }

    /** {@code user} submits the modal the bot opened (a views.open call) with these answers by field id. */
    public void submit(String user, Call modal, Map<String, String> answers) {
        post(FORM, SlackRequests.viewSubmission(TEAM, user, modal.ref(), view(modal), answers));
    }

    /** {@code facilitator} makes the channel a circle and gives each of {@code members} the member role. */
    public void startCircle(String facilitator, List<String> members) {
        command(facilitator, "start");
        awaitPost(c -> c.field("text").contains("Dit kanaal is nu een leerkring"));
        for (String member : members) {
            command(facilitator, "rol <@" + member + "|" + member.toLowerCase() + "> lid");
            awaitPost(c -> c.field("text").contains("<@" + member + "> is nu lid"));
        }
    }

    /** Presses a button that opens a modal, waits for the modal, and submits it. */
    public Call pressAndSubmit(String user, Call message, String label, Map<String, String> answers) {
        Call modal = awaitModal(press(user, message, label));
        submit(user, modal, answers);
        return modal;
    }

    // ----------------------------------------------------------------------------------------
    // What the bot sent

    /** The modal opened with this trigger. */
    public Call awaitModal(String trigger) {
        return slack.await("views.open", c -> c.field("trigger_id").equals(trigger));
    }

    /** The first message in this channel that matches. */
    public Call awaitPost(Predicate<Call> matching) {
        return slack.await("chat.postMessage", c -> c.field("channel").equals(channel) && matching.test(c));
    }

    /** The first public message whose text (title first) starts with {@code prefix}. */
    public Call awaitPostStarting(String prefix) {
        return awaitPost(c -> c.field("text").startsWith(prefix));
    }

    /** The first message only {@code user} sees, among the calls after {@code mark} ({@link #mark()}), containing {@code text}. */
    public Call awaitEphemeral(int mark, String user, String text) {
        return Await.until(() -> slack.calls().stream().skip(mark)
                        .filter(c -> c.isEphemeral() && c.field("user").equals(user) && c.field("text").contains(text))
                        .findFirst(),
                () -> "no ephemeral to " + user + " containing '" + text + "'; calls since: " + slack.calls().stream().skip(mark).toList());
    }

    /** How many calls the fake API has had: a mark to look for what comes after it. */
    public int mark() {
        return slack.calls().size();
    }

    /** The view the bot opened, as it sent it. */
    public static JsonNode view(Call modal) {
        return json(modal.field("view"));
    }

    /** The block ids of a modal's inputs, in order: the ids of its fields. */
    public static List<String> blockIds(Call modal) {
        List<String> ids = new ArrayList<>();
        view(modal).path("blocks").forEach(b -> ids.add(b.path("block_id").asText()));
        return ids;
    }

    /** The buttons of a message, in order. */
    public static List<JsonNode> buttons(Call message) {
        List<JsonNode> buttons = new ArrayList<>();
        for (JsonNode block : json(message.field("blocks"))) {
            for (JsonNode element : block.path("elements")) {
                if ("button".equals(element.path("type").asText())) {
                    buttons.add(element);
                }
            }
        }
        return buttons;
    }

    public static List<String> buttonLabels(Call message) {
        return buttons(message).stream().map(b -> b.path("text").path("text").asText()).toList();
    }

    public static JsonNode button(Call message, String label) {
        return buttons(message).stream().filter(b -> b.path("text").path("text").asText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "' in " + buttonLabels(message)));
    }

    /** The value of the labelled field ({@code *label*\nvalue}) of a message, or null. */
    public static String field(Call message, String label) {
        for (JsonNode block : json(message.field("blocks"))) {
            for (JsonNode f : block.path("fields")) {
                String text = f.path("text").asText();
                if (text.startsWith("*" + label + "*\n")) {
                    return text.substring(label.length() + 3);
                }
            }
        }
        return null;
    }

    /** The user ids mentioned ({@code <@U…>}) in a text, in order. */
    public static List<String> mentioned(String text) {
        return MENTION.matcher(text).results().map(r -> r.group(1)).toList();
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private void post(String contentType, String body) {
        HttpResponse<String> response = server.post(contentType, body);
        if (response.statusCode() != 200) {
            throw new AssertionError("Slack request answered " + response.statusCode() + ": " + response.body() + "\n" + body);
        }
    }
}
