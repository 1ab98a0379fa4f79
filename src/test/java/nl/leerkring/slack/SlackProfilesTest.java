package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Platform;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's zone is read from their profile once, and handed to the bot once a day (the bot
 * takes a zone once a day per user), not at every command they type; a hand-off the bot could
 * not keep is tried again at the next command; a profile Slack does not give is asked for again an
 * hour later, not at every command.
 */
class SlackProfilesTest {

    private static final Address CHANNEL = Address.channel(Platform.SLACK, "T1", "C1");

    private FakeSlackApi fake;
    private Slack slack;
    private final MutableClock clock = new MutableClock(Instant.parse("2027-03-01T10:00:00Z"));
    private final List<String> handed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean keeping = new AtomicBoolean(true);
    private SlackProfiles profiles;

    @BeforeEach
    void start() {
        fake = FakeSlackApi.start();
        fake.profileTimeZone("U1", "Europe/London");
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        slack = Slack.getInstance(config);
        profiles = new SlackProfiles(slack.methods("xoxb-test"), (where, user, zone) -> {
            handed.add(user + "=" + zone.getId());
            return keeping.get();
        }, clock);
    }

    @AfterEach
    void stop() throws Exception {
        profiles.close();
        slack.close();
        fake.close();
    }

    @Test
    void aKnownZoneIsHandedOnOnceADay() throws Exception {
        profiles.seen(CHANNEL, "U1");
        Await.until(() -> handed.size() == 1, handed::toString);
        for (int i = 0; i < 20; i++) {
            profiles.seen(CHANNEL, "U1");
        }
        settle();
        assertEquals(List.of("U1=Europe/London"), handed);
        assertEquals(1, fake.calls().stream().filter(c -> c.method().equals("users.info")).count());

        clock.advance(Duration.ofDays(1));
        profiles.seen(CHANNEL, "U1");
        profiles.seen(CHANNEL, "U1");
        Await.until(() -> handed.size() == 2, handed::toString);
        settle();
        assertEquals(List.of("U1=Europe/London", "U1=Europe/London"), handed);
    }

    @Test
    void aZoneTheBotCouldNotKeepIsHandedOnAgain() throws Exception {
        keeping.set(false);
        profiles.seen(CHANNEL, "U1");
        Await.until(() -> handed.size() == 1, handed::toString);
        keeping.set(true);
        profiles.seen(CHANNEL, "U1");
        Await.until(() -> handed.size() == 2, handed::toString);
        profiles.seen(CHANNEL, "U1");
        settle();
        assertEquals(2, handed.size(), handed::toString);
    }

    @Test
    void aProfileSlackDoesNotGiveIsAskedForAgainAnHourLaterNotAtEveryCommand() throws Exception {
        // U2 has no zone at the fake: users.info answers user_not_found, as Slack does for a
        // user it will not show (missing_scope is the same to the bot)
        for (int i = 0; i < 20; i++) {
            profiles.seen(CHANNEL, "U2");
        }
        Await.until(() -> profileCalls() == 1, () -> profileCalls() + " users.info calls");
        settle();
        assertEquals(1, profileCalls(), "asked once, not at each of the 20 commands");

        clock.advance(SlackProfiles.LOOK_AGAIN.minusMinutes(1));
        profiles.seen(CHANNEL, "U2");
        settle();
        assertEquals(1, profileCalls(), "not again within the hour");

        fake.profileTimeZone("U2", "Europe/Amsterdam");
        clock.advance(Duration.ofMinutes(1));
        profiles.seen(CHANNEL, "U2");
        profiles.seen(CHANNEL, "U2");
        Await.until(() -> handed.contains("U2=Europe/Amsterdam"), handed::toString);
        settle();
        assertEquals(2, profileCalls());
        assertEquals(List.of("U2=Europe/Amsterdam"), handed);
    }

    private long profileCalls() {
        return fake.calls().stream().filter(c -> c.method().equals("users.info")).count();
    }

    /** Gives the profiles' one worker thread time to run a hand-off that should not come. */
    private static void settle() throws InterruptedException {
        Thread.sleep(300);
    }
}
