package nl.leerkring.chat;

import java.util.Objects;

/**
 * Where a message goes: a channel (optionally a thread in it), or privately to one user.
 *
 * <p>{@code privateTo} set means only that user may see the message: an ephemeral message in
 * a Slack channel, a 1:1 chat in Teams, a marked line in the console.
 */
public record Address(Platform platform, String workspaceId, String channelId, String threadId, String privateTo) {

    /**
     * The thread id of talk on a platform without threads (the console): it means "the newest
     * running case in this channel".
     */
    public static final String NEWEST_THREAD = "*newest*";

    /**
     * The channel id of a direct message: the user's own chat with the bot (Slack's app DM,
     * a Teams 1:1 chat, a marked line in the console), for what must outlast a channel view:
     * reminders, feedback received.
     */
    public static final String DIRECT = "@direct";

    /** A direct message to one user. */
    public static Address direct(Platform platform, String workspaceId, String userId) {
        return new Address(platform, workspaceId, DIRECT, null, userId);
    }

    /**
     * The channel id of a user's own page of the app (Slack's App Home tab): a message to it
     * replaces that page. Platforms without such a page show it as a direct message.
     */
    public static final String HOME = "@home";

    /** The user's own page of the app. */
    public static Address home(Platform platform, String workspaceId, String userId) {
        return new Address(platform, workspaceId, HOME, null, userId);
    }

    public boolean isHome() {
        return HOME.equals(channelId);
    }

    public boolean isDirect() {
        return DIRECT.equals(channelId);
    }

    public Address {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(channelId, "channelId");
    }

    public static Address channel(Platform platform, String workspaceId, String channelId) {
        return new Address(platform, workspaceId, channelId, null, null);
    }

    public Address inThread(String thread) {
        return new Address(platform, workspaceId, channelId, thread, privateTo);
    }

    public Address privatelyTo(String userId) {
        return new Address(platform, workspaceId, channelId, threadId, userId);
    }

    public boolean isPrivate() {
        return privateTo != null;
    }

    /** Messages with the same conversation key are delivered in the order they were written. */
    public String conversationKey() {
        return platform + "|" + workspaceId + "|" + channelId + "|" + (privateTo == null ? "" : privateTo);
    }
}
