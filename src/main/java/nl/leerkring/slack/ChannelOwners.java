package nl.leerkring.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace a channel's circle belongs to: the one through which the app sees the channel.
 *
 * <p>In a Slack Connect or org-shared channel a payload's {@code team_id} (a slash command's,
 * the {@code team} of a button press) is the workspace of the person who acted, which for a
 * guest from another organisation is not the one the app is installed in. Keyed by it, that
 * guest would find "no circle yet" and could start a second one in the same channel. So the
 * circle is keyed by the channel's workspace instead: an Events API envelope names it as
 * {@code context_team_id} and in {@code authorizations} (beside {@code is_ext_shared_channel}), and
 * for commands and presses {@code conversations.info} does ({@code channel.context_team_id}),
 * asked once per channel and kept. When Slack cannot say (unreachable, an older answer without
 * it), the payload's team is used, as before.
 */
final class ChannelOwners {

    /** More channels than this and the kept answers start again (each costs one call to learn again). */
    private static final int KEEP_AT_MOST = 10_000;
    private static final Logger log = LoggerFactory.getLogger(ChannelOwners.class);

    private final MethodsClient client;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    ChannelOwners(MethodsClient client) {
        this.client = client;
    }

    /**
     * The workspace of an event in {@code channel}: the installation it was delivered to, which
     * Bolt reads from the envelope's {@code authorizations} (Slack sends it beside
     * {@code context_team_id}; {@code ctx.getTeamId()}), learnt for the channel; else what is
     * known of the channel, else the envelope's {@code team_id}.
     */
    String ofEvent(String channel, String installation, String team) {
        if (installation != null && !installation.isEmpty()) {
            if (channel != null) {
                keep(channel, installation);
            }
            return installation;
        }
        return channel == null ? team : known.getOrDefault(channel, team);
    }

    /**
     * The workspace of a command or press in {@code channel}, whose payload names {@code team}
     * (the acting person's): what Slack's {@code conversations.info} says of the channel.
     */
    String of(String channel, String team) {
        if (channel == null || channel.startsWith("D") || channel.equals(nl.leerkring.chat.Address.DIRECT)) {
            return team; // a direct conversation belongs to no circle
        }
        String owner = known.get(channel);
        if (owner != null) {
            return owner;
        }
        try {
            var info = client.conversationsInfo(r -> r.channel(channel));
            if (info.isOk() && info.getChannel() != null && info.getChannel().getContextTeamId() != null) {
                keep(channel, info.getChannel().getContextTeamId());
                return info.getChannel().getContextTeamId();
            }
            if (!info.isOk()) {
                log.info("conversations.info for {} to learn its workspace: {}", channel, info.getError());
            }
        } catch (IOException | SlackApiException e) {
            log.warn("conversations.info for {} to learn its workspace failed: {}", channel, e.toString());
        }
        return team;
    }

    private void keep(String channel, String owner) {
        if (known.size() >= KEEP_AT_MOST) {
            known.clear();
        }
        known.put(channel, owner);
    }
}
