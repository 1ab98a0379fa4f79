package nl.leerkring.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.time.Clock;
import java.util.regex.Pattern;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.web.Door;
import nl.leerkring.core.Bot;
import nl.leerkring.core.Inbox;
import nl.leerkring.core.i18n.Texts;
import org.slf4j.LoggerFactory;

/**
 * The Slack door: one Bolt {@link App} behind {@code POST /slack/events}. {@link SlackDoor}
 * checks every request first (over 1 MB: 413; signature missing or wrong, or a timestamp more
 * than five minutes off either way: 401; signed but not a payload the listeners can take:
 * 400), and no listener runs for a refused one.
 * Every listener turns the payload into a neutral event, puts it in the {@link Inbox} (one
 * insert) and acks; the bot handles it right after, and replies leave through the outbox.
 *
 * <p>Close it after the delivery worker has stopped: it owns the Slack client the sender uses.
 */
public final class SlackAdapter implements Door {

    private static final Pattern MENTIONED = Pattern.compile("<@([A-Z0-9]+)(?:\\|[^>]*)?>");
    private static final Pattern LEADING_BOT_MENTION = Pattern.compile("^\\s*<@[^>]+>\\s*");
    private static final Pattern START = Pattern.compile("\\s*start\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEADING_KRING = Pattern.compile("^/?kring\\b\\s*", Pattern.CASE_INSENSITIVE);

    private final Slack slack;
    private final App app;
    private final SlackSender sender;
    private final String signingSecret;

    private SlackProfiles profiles;

    private SlackAdapter(Slack slack, App app, SlackSender sender, String signingSecret) {
        this.slack = slack;
        this.app = app;
        this.sender = sender;
        this.signingSecret = signingSecret;
    }

    /**
     * @param zones where the time zones read from members' Slack profiles go
     */
    public static SlackAdapter create(Config config, Bot bot, Inbox inbox, SlackProfiles.ZoneSink zones) {
        SlackConfig slackConfig = new SlackConfig();
        String apiUrl = config.get(Config.SLACK_API_URL);
        slackConfig.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        // the SDK's call statistics feed only its asynchronous clients' rate limiter, which is not
        // used here (delivery paces itself); off, they keep no threads of their own
        slackConfig.setStatsEnabled(false);
        Slack slack = Slack.getInstance(slackConfig, SlackSender.httpClient(slackConfig, config));
        String token = config.get(Config.SLACK_BOT_TOKEN);
        App app = new App(AppConfig.builder()
                .signingSecret(config.get(Config.SLACK_SIGNING_SECRET))
                .singleTeamBotToken(token)
                .slack(slack)
                // SlackDoor has checked the signature and the timestamp before Bolt sees the request
                .requestVerificationEnabled(false)
                // answer (200) message events with a subtype we do not listen for (channel_join,
                // message_changed …): Bolt would otherwise answer 404 and Slack would retry them
                .subtypedMessageEventsAutoAckEnabled(true)
                .build());
        SlackProfiles profiles = new SlackProfiles(slack.methods(token), zones, Clock.systemDefaultZone());
        ResponseUrls responseUrls = new ResponseUrls(apiUrl, Clock.systemUTC());
        ChannelOwners owners = new ChannelOwners(slack.methods(token));
        register(app, inbox, profiles, responseUrls, owners, config.get(Config.DEFAULT_LANGUAGE));
        registerForms(app, bot, inbox, owners);
        registerHome(app, inbox, owners);
        SlackAdapter adapter = new SlackAdapter(slack, app, new SlackSender(slack.methods(token), slack, responseUrls),
                config.get(Config.SLACK_SIGNING_SECRET));
        adapter.profiles = profiles;
        return adapter;
    }

    static void register(App app, Inbox inbox, SlackProfiles profiles, ResponseUrls responseUrls, ChannelOwners owners,
                         String language) {
        app.command("/kring", (req, ctx) -> {
            var p = req.getPayload();
            responseUrls.remember(p.getChannelId(), p.getUserId(), p.getResponseUrl());
            if (isStart(p.getText()) && !canPost(ctx.client(), p.getChannelId())) {
                // a circle the bot cannot speak in would be one nobody hears: say how to add the bot, store nothing
                ctx.respond(r -> r.responseType("ephemeral").text(Texts.of(language).get("slack.botNotInChannel")));
                return ctx.ack();
            }
            String team = owners.of(p.getChannelId(), p.getTeamId());
            Address where = Address.channel(Platform.SLACK, team, p.getChannelId());
            // trigger_id is unique per invocation: a repeated request with it is a retry
            Inbox.Accepted accepted = inbox.accept(InboundEvent.command("command:" + p.getTriggerId(), where, p.getUserId(),
                    p.getText()).withTrigger(p.getTriggerId()));
            if (accepted == Inbox.Accepted.UNAVAILABLE) {
                // shown to the typist alone, without the database
                return ctx.ack(Texts.of(language).get("error.internal", UUID.randomUUID().toString().substring(0, 8)));
            }
            // zones are handled after the command in the same place, so a membership it made gets one;
            // named users too (/kring rol @bob lid)
            profiles.seen(where, p.getUserId());
            MENTIONED.matcher(p.getText() == null ? "" : p.getText()).results()
                    .forEach(m -> profiles.seen(where, m.group(1)));
            return ctx.ack();
        });

        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            Address where = Address.channel(Platform.SLACK,
                    owners.ofEvent(e.getChannel(), ctx.getTeamId(), payload.getTeamId()), e.getChannel());
            if (e.getThreadTs() != null) {
                where = where.inThread(e.getThreadTs());
            }
            String text = LEADING_KRING.matcher(LEADING_BOT_MENTION.matcher(e.getText()).replaceFirst("")).replaceFirst("");
            inbox.accept(InboundEvent.command("event:" + payload.getEventId(), where, e.getUser(), text));
            return ctx.ack();
        });

        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent e = payload.getEvent();
            if (e.getSubtype() == null && isDirect(e)) {
                direct(inbox, ctx.getBotUserId(), owners.ofEvent(null, ctx.getTeamId(), payload.getTeamId()),
                        payload.getEventId(), e);
            } else if (e.getSubtype() == null) {
                contribution(inbox, owners, ctx, payload.getTeamId(), payload.getEventId(),
                        new Said(e.getChannel(), e.getThreadTs(), e.getTs(), e.getUser(), e.getBotId(), e.getText()));
            }
            return ctx.ack();
        });
        // a thread reply also sent to the channel, and a message with a file: their text counts too
        app.event(MessageThreadBroadcastEvent.class, (payload, ctx) -> {
            MessageThreadBroadcastEvent e = payload.getEvent();
            contribution(inbox, owners, ctx, payload.getTeamId(), payload.getEventId(),
                    new Said(e.getChannel(), e.getThreadTs(), e.getTs(), e.getUser(), null, e.getText()));
            return ctx.ack();
        });
        app.event(MessageFileShareEvent.class, (payload, ctx) -> {
            MessageFileShareEvent e = payload.getEvent();
            contribution(inbox, owners, ctx, payload.getTeamId(), payload.getEventId(),
                    new Said(e.getChannel(), e.getThreadTs(), e.getTs(), e.getUser(), null, e.getText()));
            return ctx.ack();
        });
        // a reply edited or deleted while its step is open changes or takes back what it contributed
        app.event(MessageChangedEvent.class, (payload, ctx) -> {
            MessageChangedEvent e = payload.getEvent();
            var m = e.getMessage();
            if (m != null) {
                Said said = new Said(e.getChannel(), m.getThreadTs(), m.getTs(), m.getUser(), m.getBotId(), m.getText());
                inThread(owners, ctx, payload.getTeamId(), said).ifPresent(where -> inbox.accept(InboundEvent.messageChanged(
                        "event:" + payload.getEventId(), where, said.user(), said.text() == null ? "" : said.text(), said.ts())));
            }
            return ctx.ack();
        });
        app.event(MessageDeletedEvent.class, (payload, ctx) -> {
            MessageDeletedEvent e = payload.getEvent();
            var m = e.getPreviousMessage();
            if (m != null) {
                Said said = new Said(e.getChannel(), m.getThreadTs(), e.getDeletedTs(), m.getUser(), m.getBotId(), "");
                inThread(owners, ctx, payload.getTeamId(), said).ifPresent(where -> inbox.accept(InboundEvent.messageRemoved(
                        "event:" + payload.getEventId(), where, said.user(), said.ts())));
            }
            return ctx.ack();
        });

        app.blockAction(Pattern.compile("^" + BlockKit.CHOICE_ACTION_PREFIX + "\\d+$"), (req, ctx) -> {
            var p = req.getPayload();
            for (var action : p.getActions()) {
                String[] choice = BlockKit.decodeChoice(action.getValue());
                if (choice == null) {
                    continue;
                }
                String key = "action:" + p.getUser().getId() + ":" + action.getActionTs();
                if (p.getChannel() == null) {
                    if (p.getView() != null && "home".equals(p.getView().getType())) {
                        pressedAtHome(inbox, p.getTeam().getId(), p.getUser().getId(), key, choice, p.getTriggerId());
                    }
                    continue;
                }
                rememberEphemeral(responseUrls, p);
                Address where = pressedIn(p, owners);
                if (p.getContainer() != null && p.getContainer().getThreadTs() != null) {
                    where = where.inThread(p.getContainer().getThreadTs());
                }
                inbox.accept(InboundEvent.choice(key, where, p.getUser().getId(), choice[0], choice[1])
                        .withTrigger(p.getTriggerId()));
            }
            return ctx.ack();
        });
    }

    /**
     * Where a press in a message happened: its channel, in the workspace that owns it; or, on a
     * message the app posted in its DM with the person (a D id, not an ephemeral), that person's
     * direct messages, where what it answers (and a form it opens) belongs.
     */
    private static Address pressedIn(com.slack.api.app_backend.interactive_components.payload.BlockActionPayload p,
                                     ChannelOwners owners) {
        String channel = p.getChannel().getId();
        boolean ephemeral = p.getContainer() != null && p.getContainer().isEphemeral();
        if (channel.startsWith("D") && !ephemeral) {
            return Address.direct(Platform.SLACK, p.getTeam().getId(), p.getUser().getId());
        }
        return Address.channel(Platform.SLACK, owners.of(channel, p.getTeam().getId()), channel);
    }

    /**
     * A press on an ephemeral message carries that message's own {@code response_url}: the one
     * way to change it later ({@code replace_original}), kept by its ts ({@link #ephemeralKey}).
     */
    private static void rememberEphemeral(ResponseUrls responseUrls,
                                          com.slack.api.app_backend.interactive_components.payload.BlockActionPayload p) {
        if (p.getContainer() != null && p.getContainer().isEphemeral() && p.getContainer().getMessageTs() != null) {
            responseUrls.remember(p.getChannel().getId(), ephemeralKey(p.getContainer().getMessageTs()), p.getResponseUrl());
        }
    }

    /** Under which {@link ResponseUrls} keeps the response_url of the ephemeral message with this ts. */
    static String ephemeralKey(String messageTs) {
        return "ts:" + messageTs;
    }

    private static boolean isStart(String text) {
        return text != null && START.matcher(text).matches();
    }

    /**
     * Whether the bot is in the conversation and so can post there: {@code conversations.info}
     * says {@code is_member}; it answers {@code channel_not_found} for a conversation the bot
     * cannot see (a direct conversation between people, a private channel without the bot).
     * When Slack cannot tell (unreachable, a missing scope) the command goes ahead as before.
     */
    private static boolean canPost(MethodsClient client, String channel) {
        try {
            var info = client.conversationsInfo(r -> r.channel(channel));
            if (!info.isOk()) {
                if ("channel_not_found".equals(info.getError())) {
                    return false;
                }
                LoggerFactory.getLogger(SlackAdapter.class).warn("conversations.info for {}: {}", channel, info.getError());
                return true;
            }
            var c = info.getChannel();
            // a direct message with the app itself: the bot is in it without being a "member"
            return c == null || c.isIm() || c.isMember();
        } catch (IOException | SlackApiException e) {
            LoggerFactory.getLogger(SlackAdapter.class).warn("conversations.info for {} failed", channel, e);
            return true;
        }
    }

    /** What a person wrote in a channel, as Slack's message events give it ({@code ts}: the message's id). */
    private record Said(String channel, String threadTs, String ts, String user, String botId, String text) {
    }

    /**
     * A person's message as a contribution. One that mentions the bot is not: Slack sends it
     * as an {@code app_mention} as well, and that one is the command; a message without text
     * (a file alone) says nothing to contribute.
     */
    private static void contribution(Inbox inbox, ChannelOwners owners, com.slack.api.bolt.context.Context ctx, String payloadTeam, String eventId,
                                     Said said) {
        if (said.botId() != null || said.user() == null || said.text() == null || said.text().isBlank()
                || mentions(said.text(), ctx.getBotUserId())) {
            return;
        }
        Address where = Address.channel(Platform.SLACK, owners.ofEvent(said.channel(), ctx.getTeamId(), payloadTeam), said.channel());
        if (said.threadTs() != null) {
            where = where.inThread(said.threadTs());
        }
        inbox.accept(InboundEvent.message("event:" + eventId, where, said.user(), said.text(), said.ts()));
    }

    /** The thread a person's reply was in; empty for a message outside a thread, the bot's own, or one to the bot. */
    private static Optional<Address> inThread(ChannelOwners owners, com.slack.api.bolt.context.Context ctx, String payloadTeam, Said said) {
        if (said.threadTs() == null || said.user() == null || said.botId() != null || said.ts() == null
                || (said.text() != null && mentions(said.text(), ctx.getBotUserId()))) {
            return Optional.empty();
        }
        return Optional.of(Address.channel(Platform.SLACK, owners.ofEvent(said.channel(), ctx.getTeamId(), payloadTeam), said.channel())
                .inThread(said.threadTs()));
    }

    /** A message in the app's Messages tab (its DM with a person): Slack's {@code channel_type: im}. */
    static boolean isDirect(MessageEvent e) {
        return "im".equals(e.getChannelType());
    }

    /**
     * What a person writes in the app's Messages tab is said to the bot: a command, as after
     * {@code /kring} ("help", "taken", "mijn feedback"), answered there. The bot's own messages
     * in that DM come back as events too; they are not read.
     */
    private static void direct(Inbox inbox, String botUserId, String team, String eventId, MessageEvent e) {
        if (e.getBotId() != null || e.getUser() == null || e.getUser().equals(botUserId) || e.getText() == null) {
            return;
        }
        String text = LEADING_KRING.matcher(LEADING_BOT_MENTION.matcher(e.getText()).replaceFirst("")).replaceFirst("");
        inbox.accept(InboundEvent.command("event:" + eventId, Address.direct(Platform.SLACK, team, e.getUser()), e.getUser(), text));
    }

    static boolean mentions(String text, String userId) {
        return userId != null && MENTIONED.matcher(text).results().anyMatch(m -> m.group(1).equals(userId));
    }

    /** The App Home tab shows the user's own list (what {@code /kring taken} shows), fresh at every visit. */
    static void registerHome(App app, Inbox inbox, ChannelOwners owners) {
        app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
            AppHomeOpenedEvent e = payload.getEvent();
            if ("home".equals(e.getTab())) {
                showHome(inbox, owners.ofEvent(null, ctx.getTeamId(), payload.getTeamId()), e.getUser(),
                        "event:" + payload.getEventId());
            }
            return ctx.ack();
        });
    }

    private static void showHome(Inbox inbox, String team, String user, String eventKey) {
        inbox.accept(InboundEvent.command(eventKey, Address.home(Platform.SLACK, team, user), user, "taken"));
    }

    /**
     * A button on the Home tab (done, answer): it names its circle itself, so it acts from the
     * user's direct messages, where its answer goes; then the tab is drawn again.
     */
    private static void pressedAtHome(Inbox inbox, String team, String user, String key, String[] choice, String trigger) {
        inbox.accept(InboundEvent.choice(key, Address.direct(Platform.SLACK, team, user), user, choice[0], choice[1])
                .withTrigger(trigger));
        showHome(inbox, team, user, key + ":home");
    }

    /** A submitted modal: its answers go to the core as a form event in the channel it was asked in. */
    static void registerForms(App app, Bot bot, Inbox inbox, ChannelOwners owners) {
        app.viewSubmission(SlackModals.CALLBACK_ID, (req, ctx) -> {
            var p = req.getPayload();
            SlackModals.Metadata meta = SlackModals.readMetadata(p.getView().getPrivateMetadata());
            if (meta != null) {
                Address where = Address.channel(Platform.SLACK, owners.of(meta.channel(), p.getTeam().getId()), meta.channel());
                if (meta.thread() != null) {
                    where = where.inThread(meta.thread());
                }
                InboundEvent submitted = InboundEvent.formSubmitted("view:" + p.getView().getId() + ":" + p.getView().getHash(),
                        where, p.getUser().getId(), meta.action(), meta.context(), SlackModals.answers(p.getView().getState()));
                // each answer read by its field's parser within this request: a refused one is named
                // beside its field (the block id is the field id) and the modal stays open with what was typed
                Map<String, String> problems = bot.checkForm(submitted);
                if (!problems.isEmpty()) {
                    return ctx.ackWithErrors(SlackModals.errors(problems));
                }
                inbox.accept(submitted);
            }
            return ctx.ack(); // closes the modal; the answer arrives in the channel
        });
    }

    @Override
    public Platform platform() {
        return Platform.SLACK;
    }

    /** Bolt's servlet behind {@link SlackDoor}, which checks size, time, signature and shape first. */
    @Override
    public Map<String, HttpServlet> endpoints() {
        return Map.of("/slack/events", new SlackDoor(new SlackAppServlet(app), signingSecret, Clock.systemUTC()));
    }

    @Override
    public Sender sender() {
        return sender;
    }

    /**
     * Closes the Slack client: its HTTP client and the SDK's per-config metrics thread pools,
     * which otherwise outlive the app (a few threads per start, e.g. in restart tests).
     */
    @Override
    public void close() {
        if (profiles != null) {
            profiles.close();
        }
        try {
            slack.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(SlackAdapter.class).warn("Closing the Slack client failed", e);
        }
    }
}
