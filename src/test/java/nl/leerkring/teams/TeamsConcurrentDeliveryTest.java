package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import nl.leerkring.config.Config;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies to different Teams conversations are on their way to the Bot Connector at the same
 * time: one slow answer holds up its own conversation, not the others. Members of twelve
 * channels ask for help over the real door, one after the other; the fake connector holds every post for
 * {@link #HOLD_MILLIS} before it answers, and counts how many posts arrived while others were
 * still held.
 */
class TeamsConcurrentDeliveryTest {

    private static final int CHANNELS = 12;
    private static final long HOLD_MILLIS = 5_000;

    @TempDir
    Path tempDir;

    private TeamsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void repliesToTwelveConversationsAreUnderWayAtTheConnectorTogether() {
        // the production pacing: Teams' limits per conversation and per tenant
        Config config = TestConfigs.server(TestDatabases.h2(tempDir)).with(Map.of(Config.DELIVERY_PACING, "platform"));
        server = TeamsServer.start(config, Clock.systemUTC());
        FakeConnector connector = server.connector();
        List<TeamsChannel> channels = IntStream.range(0, CHANNELS)
                .mapToObj(i -> server.channel("19:concurrent" + i + "a1b2c3@thread.tacv2")).toList();

        // each channel's member asks for help once: the bot learns the channel and the member's 1:1 chat
        askForHelp(channels, "first");
        Await.until(() -> connector.posts().size() == CHANNELS, () -> connector.posts().size() + " of " + CHANNELS + " helps");
        assertEquals(CHANNELS, connector.createdChats().size());

        for (int i = 0; i < CHANNELS; i++) {
            connector.enqueue(new MockResponse().setHeadersDelay(HOLD_MILLIS, TimeUnit.MILLISECONDS)
                    .setHeader("Content-Type", "application/json").setBody("{\"id\":\"1700000900" + i + "\"}"));
        }
        int mark = connector.calls().size();
        askForHelp(channels, "again");

        Await.until(() -> connector.calls().size() - mark == CHANNELS,
                () -> connector.calls().size() - mark + " of " + CHANNELS + " held posts arrived");
        List<FakeConnector.Call> held = connector.calls().subList(mark, mark + CHANNELS);
        assertEquals(CHANNELS, held.stream().map(FakeConnector.Call::conversation).distinct().count(),
                "one help in each member's 1:1 chat: " + held.stream().map(FakeConnector.Call::path).toList());
        assertEquals(CHANNELS, connector.createdChats().size(), "the 1:1 chats were not created again");
        long[] arrivals = held.stream().mapToLong(FakeConnector.Call::atNanos).sorted().toArray();
        int together = mostWithin(arrivals, TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS * 2 / 3));
        assertTrue(together >= 8, together + " posts arrived while the first was still held; OkHttp's default lets 5 "
                + "requests to one host be under way, the delivery worker sends to 16 conversations at once");
        Await.until(() -> Rows.count(server.app().database(), "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
                == 2L * CHANNELS, () -> "every reply is marked sent");
    }

    /**
     * Each channel's member writes {@code @Leerkring kring help}, one channel after the other
     * without waiting for the replies (the activity ids unique across the channels).
     */
    private static void askForHelp(List<TeamsChannel> channels, String round) {
        for (int i = 0; i < channels.size(); i++) {
            TeamsChannel channel = channels.get(i);
            channel.post(channel.activity("29:1lid" + i + "-user-id", channel.id(), "channel", "<@" + TeamsChannel.BOT + "> kring help")
                    .put("id", round + "-" + i));
        }
    }

    /** The most of the sorted instants that lie within {@code window} of each other. */
    private static int mostWithin(long[] sorted, long window) {
        int most = 0;
        for (int from = 0, to = 0; to < sorted.length; to++) {
            while (sorted[to] - sorted[from] >= window) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
