package nl.leerkring.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import nl.leerkring.core.Mentions;

/**
 * Prints the bot's messages as plain text with numbered choices, and remembers the choices last
 * shown in each channel so that "2" or "English" can answer them.
 */
public final class ConsoleSender implements Sender {

    private static final String EVERYONE = "*";

    private final PrintStream out;
    private final AtomicLong sequence = new AtomicLong();
    /** channel → (user or everyone) → the choices last shown there. */
    private final Map<String, Map<String, List<Choice>>> lastChoices = new ConcurrentHashMap<>();

    public ConsoleSender(PrintStream out) {
        this.out = out;
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        String rendered = render(message, threadRef);
        synchronized (out) {
            out.println(rendered);
            out.flush();
        }
        String audience = message.to().isPrivate() ? message.to().privateTo() : EVERYONE;
        if (!message.choices().isEmpty()) {
            lastChoices.computeIfAbsent(message.to().channelId(), c -> new ConcurrentHashMap<>())
                    .put(audience, message.choices());
        }
        return new SendResult.Sent("console-" + sequence.incrementAndGet());
    }

    static String render(OutgoingMessage message, String threadRef) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(message.to().channelId());
        if (threadRef != null || message.threadAnchor() != null) {
            sb.append(" › draad");
        }
        if (message.to().isPrivate()) {
            sb.append(" · alleen voor @").append(message.to().privateTo());
        }
        sb.append("] ");
        String indent = "  ";
        if (message.title() != null) {
            sb.append(plain(message.title())).append('\n').append(indent);
        }
        sb.append(plain(message.text() == null ? "" : message.text()).replace("\n", "\n" + indent));
        for (Field f : message.fields()) {
            sb.append('\n').append(indent).append(plain(f.label())).append(": ").append(plain(f.value()));
        }
        List<Choice> choices = message.choices();
        if (!choices.isEmpty()) {
            sb.append('\n').append(indent);
            for (int i = 0; i < choices.size(); i++) {
                sb.append(i == 0 ? "" : "   ").append(i + 1).append(") ").append(choices.get(i).label());
            }
        }
        return sb.toString();
    }

    private static String plain(String text) {
        return Mentions.replace(text, id -> "@" + id);
    }

    /**
     * The choice a user means by typing a number or a label in a channel: first among choices
     * shown to them privately, then among those shown to everyone.
     */
    Optional<Choice> choiceFor(String channel, String user, String typed) {
        Map<String, List<Choice>> byAudience = lastChoices.getOrDefault(channel, Map.of());
        for (String audience : List.of(user, EVERYONE)) {
            List<Choice> choices = byAudience.get(audience);
            if (choices == null) {
                continue;
            }
            String t = typed.strip();
            if (t.matches("\\d{1,2}")) {
                int n = Integer.parseInt(t);
                if (n >= 1 && n <= choices.size()) {
                    return Optional.of(choices.get(n - 1));
                }
            }
            for (Choice c : choices) {
                if (c.label().equalsIgnoreCase(t)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }
}
