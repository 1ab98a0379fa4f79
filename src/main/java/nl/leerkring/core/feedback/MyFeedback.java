package nl.leerkring.core.feedback;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;

/**
 * {@code /kring mijn feedback}: what you received, only for you. In a circle's channel the
 * feedback of that circle; elsewhere (a direct chat with the bot) all of yours in this
 * workspace. {@code /kring mijn feedback wissen} erases the texts; the counts stay.
 */
final class MyFeedback {

    private static final int SHOWN = 20;
    private static final List<String> ERASE = List.of("wissen", "wis", "verwijderen", "erase", "delete");

    private final FeedbackPolicy policy;

    MyFeedback(FeedbackPolicy policy) {
        this.policy = policy;
    }

    void run(Turn turn, String args) {
        String word = args.strip().toLowerCase(Locale.ROOT);
        if (ERASE.contains(word)) {
            int erased = new FeedbackStore(turn.handle()).eraseReceivedTexts(turn.here().workspaceId(), turn.userId());
            turn.tell(turn.text("feedback.mine.erased", erased));
            return;
        }
        show(turn);
    }

    private void show(Turn turn) {
        FeedbackStore store = new FeedbackStore(turn.handle());
        Circle circle = turn.circle().orElse(null);
        String workspace = turn.here().workspaceId();
        List<FeedbackStore.Received> received = store.received(workspace, turn.userId(), circle, SHOWN);
        String scope = turn.text(circle == null ? "feedback.mine.everywhere" : "feedback.mine.thisCircle");
        if (received.isEmpty()) {
            turn.tell(turn.text("feedback.mine.none", scope));
            return;
        }
        Tally window = store.receivedTally(workspace, turn.userId(), circle,
                CultureReading.windowStart(turn.now(), policy.zone(), policy.windowWeeks()));
        DateTimeFormatter dates = DateTimeFormatter.ofPattern("d MMMM", Locale.forLanguageTag(turn.texts().language()))
                .withZone(policy.zone());
        String list = received.stream().map(r -> "• " + who(turn, r) + ", " + dates.format(r.createdAt()) + ": "
                        + Optional.ofNullable(r.text()).orElse(turn.text("feedback.mine.expired")))
                .collect(Collectors.joining("\n"));
        String text = turn.text("feedback.mine.summary", scope, Wording.window(turn, window, policy.windowWeeks()))
                + "\n\n" + list + "\n\n" + turn.text("feedback.mine.footer", policy.retentionDays());
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), text).withTitle(turn.text("feedback.mine.title")));
    }

    /** "Top van @alice", "Tip, anoniem", or just "Top" once text and giver were forgotten. */
    private static String who(Turn turn, FeedbackStore.Received r) {
        if (r.text() == null) {
            return turn.text("feedback.mine.from.expired." + r.kind().key());
        }
        return r.giverId() == null ? turn.text("feedback.mine.from.anonymous." + r.kind().key())
                : turn.text("feedback.mine.from.named." + r.kind().key(), Mentions.of(r.giverId()));
    }
}
