package nl.leerkring.slack;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code response_url} of each person's latest slash command, per channel: Slack's way to
 * answer the person who typed the command, also where the app cannot post (a direct
 * conversation between people, a channel the bot is not in). Slack accepts it for 30 minutes;
 * it is kept in memory only, so after a restart there is none until the next command.
 *
 * <p>Only addresses on Slack's hooks host, or on the host of the configured Web API (a proxy,
 * or the fake Slack of the tests), are kept: nothing else is ever posted to.
 */
final class ResponseUrls {

    static final Duration VALID = Duration.ofMinutes(30);
    private static final String SLACK_HOOKS = "https://hooks.slack.com/";
    private static final int MAX_KEPT = 10_000;

    private record Kept(String url, Instant at) {
    }

    private final Map<String, Kept> latest = new ConcurrentHashMap<>();
    private final String apiOrigin;
    private final Clock clock;

    ResponseUrls(String apiUrl, Clock clock) {
        URI api = URI.create(apiUrl);
        this.apiOrigin = api.getScheme() + "://" + api.getRawAuthority() + "/";
        this.clock = clock;
    }

    void remember(String channel, String user, String url) {
        if (channel == null || user == null || url == null || !(url.startsWith(SLACK_HOOKS) || url.startsWith(apiOrigin))) {
            return;
        }
        Instant now = clock.instant();
        if (latest.size() >= MAX_KEPT) {
            latest.values().removeIf(k -> k.at().plus(VALID).isBefore(now));
        }
        if (latest.size() < MAX_KEPT) {
            latest.put(key(channel, user), new Kept(url, now));
        }
    }

    /** The user's latest response_url in the channel, while Slack still takes it; or null. */
    String of(String channel, String user) {
        Kept kept = latest.get(key(channel, user));
        return kept == null || kept.at().plus(VALID).isBefore(clock.instant()) ? null : kept.url();
    }

    private static String key(String channel, String user) {
        return channel + "/" + user;
    }
}
