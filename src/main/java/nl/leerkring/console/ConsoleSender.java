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
 * Prints the bot's messages as plain text with numbered choices ({@code [1] Volgende stap}), and
 * remembers the prompts shown in each channel, newest last, so that "2" or "English" answers the
 * newest prompt meant for the one who types.
 */
public final class ConsoleSender implements Sender, Door {

    private static final String EVERYONE = "*";

    private final PrintStream out;
    private final AtomicLong sequence = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    /** A message with buttons: where, for whom (a user, or everyone), which buttons. */
    private record Prompt(String channel, String audience, List<Choice> choices) {
    }

    /** The prompts shown, oldest first (a few per channel and person are enough). */
    private final java.util.Deque<Prompt> prompts = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int PROMPTS_KEPT = 200;
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
            prompts.addLast(new Prompt(message.to().channelId(), audience, message.choices()));
            while (prompts.size() > PROMPTS_KEPT) {
                prompts.pollFirst();
            }
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

    /** A refused answer: the reason and the same question again (the answers before it stay). */
    void askAgain(ConsoleForm form, String problem) {
        print("  " + problem + "\n  " + form.question());
    }

    /** Takes one answer that was read and checked; prints the next question unless the form is complete. */
    ConsoleForm.Step take(ConsoleForm form, ConsoleForm.Read read) {
        ConsoleForm.Step step = form.take(read);
        if (!step.complete()) {
            print("  " + form.question());
        }
        return step;
    }

    /** A complete form that was sent: forgotten. */
    void done(ConsoleForm form) {
        forms.remove(formKey(form.channel(), form.user()));
    }

    /** A complete form refused for one field: that question again, with the reason; the other answers stay. */
    void reopen(ConsoleForm form, String fieldId, String problem) {
        if (form.reopen(fieldId)) {
            askAgain(form, problem);
        } else {
            done(form);
            print("[" + form.channel() + " · " + texts.get("console.onlyFor") + " @" + form.user() + "] " + problem);
        }
    }

    /** Leaves a form: nothing of it is sent, and the line says so. */
    void stop(ConsoleForm form) {
        forms.remove(formKey(form.channel(), form.user()));
        print("[" + form.channel() + " · " + texts.get("console.onlyFor") + " @" + form.user() + "] "
                + texts.get("console.form.stopped", form.form().title()));
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
            sb.append('\n').append(indent).append(numbered(choices.stream().map(c -> plain(c.label())).toList()));
        }
        return sb.toString();
    }

    /** Labels with the numbers that answer them: {@code [1] Volgende stap  [2] Casus beëindigen}. */
    static String numbered(List<String> labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            sb.append(i == 0 ? "" : "  ").append('[').append(i + 1).append("] ").append(labels.get(i));
        }
        return sb.toString();
    }

    /** Mentions as @name, and *bold* (Slack's emphasis in headings) without its asterisks. */
    static String plain(String text) {
        return Mentions.replace(text, id -> "@" + id).replaceAll("(?m)^\\*([^*\n]+)\\*$", "$1");
    }

    /**
     * The choice a user means by typing a number or a label in a channel. A number answers the
     * newest prompt in that channel meant for them (shown to them privately or to everyone);
     * a label, the newest such prompt that has it. Only when that channel showed them no prompt,
     * the newest in their direct messages (a reminder's buttons), which have no channel to type in.
     */
    Optional<Choice> choiceFor(String channel, String user, String typed) {
        List<List<Choice>> here = newestFirst(channel, user);
        List<List<Choice>> candidates = here.isEmpty() ? newestFirst(Address.DIRECT, user) : here;
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String t = typed.strip();
        if (t.matches("\\d{1,2}")) {
            int n = Integer.parseInt(t);
            List<Choice> newest = candidates.get(0);
            return n >= 1 && n <= newest.size() ? Optional.of(newest.get(n - 1)) : Optional.empty();
        }
        for (List<Choice> choices : candidates) {
            for (Choice c : choices) {
                if (c.label().equalsIgnoreCase(t)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The buttons shown in a channel to this user or to everyone, newest first. */
    private List<List<Choice>> newestFirst(String channel, String user) {
        List<List<Choice>> found = new java.util.ArrayList<>();
        java.util.Iterator<Prompt> it = prompts.descendingIterator();
        while (it.hasNext()) {
            Prompt p = it.next();
            if (p.channel().equals(channel) && (p.audience().equals(user) || p.audience().equals(EVERYONE))) {
                found.add(p.choices());
            }
        }
        return found;
    }
}
