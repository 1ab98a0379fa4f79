package nl.leerkring.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.web.Door;
import nl.leerkring.chat.Sender;
import nl.leerkring.core.Mentions;

/**
 * Prints the bot's messages as plain text with numbered choices, and remembers the choices last
 * shown in each channel so that "2" or "English" can answer them.
 */
public final class ConsoleSender implements Sender, Door {

    private static final String EVERYONE = "*";

    private final PrintStream out;
    private final AtomicLong sequence = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    /** channel → (user or everyone) → the choices last shown there. */
    private final Map<String, Map<String, List<Choice>>> lastChoices = new ConcurrentHashMap<>();
    /** channel + user → the form that user is filling in. */
    private final Map<String, ConsoleForm> forms = new ConcurrentHashMap<>();

    private final Texts texts;

    /** A console in Dutch (the default language). */
    public ConsoleSender(PrintStream out) {
        this(out, Texts.DUTCH);
    }

    /** @param language the language of the console's own words (the bot's answers follow each circle's) */
    public ConsoleSender(PrintStream out, String language) {
        this.out = out;
        this.texts = Texts.of(language);
    }

    @Override
    public Platform platform() {
        return Platform.CONSOLE;
    }

    /** The terminal door sends by printing; its way in is {@link ConsoleApp}'s loop over typed lines. */
    @Override
    public Sender sender() {
        return this;
    }

    /** The console's own words. */
    Texts texts() {
        return texts;
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        // unique across runs: a case's thread is found again by its start message's id after a restart
        String ref = "console-" + runId + "-" + sequence.incrementAndGet();
        if (message.form() != null && message.to().isPrivate()) {
            ConsoleForm form = new ConsoleForm(message.form(), message.to().channelId(), message.to().privateTo(), texts);
            forms.put(formKey(form.channel(), form.user()), form);
            print("[" + (message.to().isDirect() ? "dm" : message.to().channelId()) + " · " + texts.get("console.onlyFor")
                    + " @" + form.user() + "] "
                    + message.form().title()
                    + "\n  " + form.question());
            return new SendResult.Sent(ref);
        }
        String rendered = render(message, threadRef, texts);
        print(rendered);
        if (message.file() != null) {
            // the terminal has no files to hand over: the file's content follows, under its name
            print("  ── " + texts.get("console.file", message.file().name()) + " ──\n" + message.file().content());
        }
        String audience = message.to().isPrivate() ? message.to().privateTo() : EVERYONE;
        if (!message.choices().isEmpty()) {
            lastChoices.computeIfAbsent(message.to().channelId(), c -> new ConcurrentHashMap<>())
                    .put(audience, message.choices());
        }
        return new SendResult.Sent(ref);
    }

    private void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static String formKey(String channel, String user) {
        return channel + "\u0000" + user;
    }

    /** The form this user is filling in, in this channel, if any. */
    Optional<ConsoleForm> formOf(String channel, String user) {
        return Optional.ofNullable(forms.get(formKey(channel, user)));
    }

    /** Takes one answer for a form; prints the next question or, when complete, forgets the form. */
    ConsoleForm.Step answerForm(ConsoleForm form, String answer) {
        ConsoleForm.Step step = form.answer(answer);
        if (step.complete()) {
            forms.remove(formKey(form.channel(), form.user()));
        } else {
            print("  " + (step.problem() == null ? "" : step.problem() + " ") + form.question());
        }
        return step;
    }


    static String render(OutgoingMessage message, String threadRef, Texts texts) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(message.to().isDirect() ? "dm" : message.to().channelId());
        if (threadRef != null || message.threadAnchor() != null) {
            sb.append(" › ").append(texts.get("console.thread"));
        }
        if (message.to().isPrivate()) {
            sb.append(" · ").append(texts.get("console.onlyFor")).append(" @").append(message.to().privateTo());
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

    /** Mentions as @name, and *bold* (Slack's emphasis in headings) without its asterisks. */
    static String plain(String text) {
        return Mentions.replace(text, id -> "@" + id).replaceAll("(?m)^\\*([^*\n]+)\\*$", "$1");
    }

    /**
     * The choice a user means by typing a number or a label in a channel: first among choices
     * shown to them privately there, then among those shown to everyone there, then among those
     * in their direct messages (a reminder's buttons), which have no channel to type in.
     */
    Optional<Choice> choiceFor(String channel, String user, String typed) {
        Map<String, List<Choice>> here = lastChoices.getOrDefault(channel, Map.of());
        Map<String, List<Choice>> direct = lastChoices.getOrDefault(Address.DIRECT, Map.of());
        for (List<Choice> choices : java.util.Arrays.asList(here.get(user), here.get(EVERYONE), direct.get(user))) {
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
