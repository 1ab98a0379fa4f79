package nl.leerkring.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import jakarta.servlet.http.HttpServlet;
import java.util.regex.Pattern;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.core.Bot;
import org.slf4j.LoggerFactory;

/**
 * The Slack door: one Bolt {@link App} behind {@code POST /slack/events}. Bolt verifies the
 * request signature (missing, wrong or older than five minutes: 401, and no listener runs).
 * Every listener turns the payload into a neutral event, hands it to the bot (which only writes
 * to the database) and acks at once; replies leave through the outbox.
 *
 * <p>Close it after the delivery worker has stopped: it owns the Slack client the sender uses.
 */
public final class SlackAdapter implements AutoCloseable {

    private static final Pattern LEADING_BOT_MENTION = Pattern.compile("^\\s*<@[^>]+>\\s*");
    private static final Pattern LEADING_KRING = Pattern.compile("^/?kring\\b\\s*", Pattern.CASE_INSENSITIVE);

    private final Slack slack;
    private final App app;
    private final SlackSender sender;

    private SlackAdapter(Slack slack, App app, SlackSender sender) {
        this.slack = slack;
        this.app = app;
        this.sender = sender;
    }

    public static SlackAdapter create(Config config, Bot bot) {
        SlackConfig slackConfig = new SlackConfig();
        String apiUrl = config.get(Config.SLACK_API_URL);
        slackConfig.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        Slack slack = Slack.getInstance(slackConfig);
        String token = config.get(Config.SLACK_BOT_TOKEN);
        App app = new App(AppConfig.builder()
                .signingSecret(config.get(Config.SLACK_SIGNING_SECRET))
                .singleTeamBotToken(token)
                .slack(slack)
                // answer (200) message events with a subtype we do not listen for (channel_join,
                // message_changed …): Bolt would otherwise answer 404 and Slack would retry them
                .subtypedMessageEventsAutoAckEnabled(true)
                .build());
        register(app, bot);
        registerForms(app, bot);
        return new SlackAdapter(slack, app, new SlackSender(slack.methods(token)));
    }

    static void register(App app, Bot bot) {
        app.command("/kring", (req, ctx) -> {
            var p = req.getPayload();
            Address where = Address.channel(Platform.SLACK, p.getTeamId(), p.getChannelId());
            // trigger_id is unique per invocation: a repeated request with it is a retry
            bot.handle(InboundEvent.command("command:" + p.getTriggerId(), where, p.getUserId(), p.getText())
                    .withTrigger(p.getTriggerId()));
            return ctx.ack();
        });

        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            Address where = Address.channel(Platform.SLACK, payload.getTeamId(), e.getChannel());
            if (e.getThreadTs() != null) {
                where = where.inThread(e.getThreadTs());
            }
            String text = LEADING_KRING.matcher(LEADING_BOT_MENTION.matcher(e.getText()).replaceFirst("")).replaceFirst("");
            bot.handle(InboundEvent.command("event:" + payload.getEventId(), where, e.getUser(), text));
            return ctx.ack();
        });

        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent e = payload.getEvent();
            if (e.getBotId() == null && e.getUser() != null && e.getSubtype() == null) {
                Address where = Address.channel(Platform.SLACK, payload.getTeamId(), e.getChannel());
                if (e.getThreadTs() != null) {
                    where = where.inThread(e.getThreadTs());
                }
                bot.handle(InboundEvent.message("event:" + payload.getEventId(), where, e.getUser(), e.getText()));
            }
            return ctx.ack();
        });

        app.blockAction(Pattern.compile("^" + BlockKit.CHOICE_ACTION_PREFIX + "\\d+$"), (req, ctx) -> {
            var p = req.getPayload();
            for (var action : p.getActions()) {
                String[] choice = BlockKit.decodeChoice(action.getValue());
                if (choice == null || p.getChannel() == null) {
                    continue;
                }
                Address where = Address.channel(Platform.SLACK, p.getTeam().getId(), p.getChannel().getId());
                if (p.getContainer() != null && p.getContainer().getThreadTs() != null) {
                    where = where.inThread(p.getContainer().getThreadTs());
                }
                String key = "action:" + p.getUser().getId() + ":" + action.getActionTs();
                bot.handle(InboundEvent.choice(key, where, p.getUser().getId(), choice[0], choice[1])
                        .withTrigger(p.getTriggerId()));
            }
            return ctx.ack();
        });
    }

    /** A submitted modal: its answers go to the core as a form event in the channel it was asked in. */
    static void registerForms(App app, Bot bot) {
        app.viewSubmission(SlackModals.CALLBACK_ID, (req, ctx) -> {
            var p = req.getPayload();
            SlackModals.Metadata meta = SlackModals.readMetadata(p.getView().getPrivateMetadata());
            if (meta != null) {
                Address where = Address.channel(Platform.SLACK, p.getTeam().getId(), meta.channel());
                if (meta.thread() != null) {
                    where = where.inThread(meta.thread());
                }
                bot.handle(InboundEvent.formSubmitted("view:" + p.getView().getId() + ":" + p.getView().getHash(), where,
                        p.getUser().getId(), meta.action(), meta.context(), SlackModals.answers(p.getView().getState())));
            }
            return ctx.ack(); // closes the modal; the answer arrives in the channel
        });
    }

    public HttpServlet servlet() {
        return new SlackAppServlet(app);
    }

    public Sender sender() {
        return sender;
    }

    /**
     * Closes the Slack client: its HTTP client and the SDK's per-config metrics thread pools,
     * which otherwise outlive the app (a few threads per start, e.g. in restart tests).
     */
    @Override
    public void close() {
        try {
            slack.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(SlackAdapter.class).warn("Closing the Slack client failed", e);
        }
    }
}
