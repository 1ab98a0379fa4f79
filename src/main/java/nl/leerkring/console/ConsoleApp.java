package nl.leerkring.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.Bot;
import nl.leerkring.delivery.DeliveryWorker;

/**
 * The terminal door: you type as a named user in a channel ({@code alice: /kring help}, or
 * {@code alice@team2: /kring start} for another channel); the bot answers as plain text.
 */
public final class ConsoleApp {

    public static final String WORKSPACE = "console";
    public static final String DEFAULT_CHANNEL = "kring";
    private static final Pattern LINE = Pattern.compile("^\\s*([\\p{L}\\d._-]+)(?:@([\\p{L}\\d._#-]+))?\\s*:\\s*(.*)$");
    private static final Pattern STOP = Pattern.compile("(?iu)stop|stoppen|annuleer|cancel");
    private static final Pattern AT_NAME = Pattern.compile("(?<![<\\w])@([\\p{L}\\d._-]+)");

    private final Bot bot;
    private final DeliveryWorker delivery;
    private final ConsoleSender sender;
    private final PrintStream out;

    public ConsoleApp(Bot bot, DeliveryWorker delivery, ConsoleSender sender, PrintStream out) {
        this.bot = bot;
        this.delivery = delivery;
        this.sender = sender;
        this.out = out;
    }

    public void run(BufferedReader in) throws IOException {
        out.println(sender.texts().get("console.welcome"));
        delivery.deliverDue(); // whatever was still waiting from last time
        prompt();
        String line;
        while ((line = in.readLine()) != null) {
            String trimmed = line.strip();
            if (trimmed.equalsIgnoreCase("exit") || trimmed.equalsIgnoreCase("quit")) {
                break;
            }
            if (!trimmed.isEmpty()) {
                handleLine(trimmed);
                delivery.deliverDue();
            }
            prompt();
        }
        out.println(sender.texts().get("console.bye"));
    }

    private void prompt() {
        synchronized (out) {
            out.print("> ");
            out.flush();
        }
    }

    void handleLine(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            out.println(sender.texts().get("console.lineUsage"));
            return;
        }
        String user = m.group(1).toLowerCase();
        String channel = m.group(2) == null ? DEFAULT_CHANNEL : m.group(2).replace("#", "");
        String text = m.group(3).strip();
        Address where = Address.channel(Platform.CONSOLE, WORKSPACE, channel);
        String eventKey = UUID.randomUUID().toString();
        Optional<ConsoleForm> form = sender.formOf(channel, user);
        if (form.isPresent() && !text.startsWith("/kring")) {
            answer(form.get(), where, user, text, eventKey);
            return;
        }
        if (text.equals("/kring") || text.startsWith("/kring ")) {
            String args = AT_NAME.matcher(text.substring("/kring".length()).strip()).replaceAll("<@$1>");
            bot.handle(InboundEvent.command(eventKey, where, user, args));
            return;
        }
        Optional<Choice> choice = sender.choiceFor(channel, user, text);
        if (choice.isPresent()) {
            bot.handle(InboundEvent.choice(eventKey, where, user, choice.get().action(), choice.get().value()));
            return;
        }
        if (text.startsWith("/")) {
            out.println(sender.texts().get("console.onlyKring", user));
            return;
        }
        if (text.strip().matches("\\d{1,2}")) {
            // a number that no button meant for this user here has: never passed on as talk
            out.println(sender.texts().get("console.noSuchChoice", text.strip(), user));
            return;
        }
        // The console has no threads: plain talk goes to the newest running case in this channel.
        bot.handle(InboundEvent.message(eventKey, where.inThread(Address.NEWEST_THREAD), user,
                AT_NAME.matcher(text).replaceAll("<@$1>")));
    }

    /**
     * One answer to the form being filled in: {@code stop} leaves it; otherwise the answer is
     * read, checked by the core with the parser of the field (the one the command uses), and
     * either taken or asked again with the reason. The last answer has the whole form checked
     * before it is sent; a field it is refused for is asked again, the other answers kept.
     */
    private void answer(ConsoleForm form, Address where, String user, String text, String eventKey) {
        if (STOP.matcher(text).matches()) {
            sender.stop(form);
            return;
        }
        ConsoleForm.Read read = form.read(text);
        if (read.problem() == null && !read.value().isEmpty()) {
            Map<String, String> problems = bot.checkAnswers(InboundEvent.formSubmitted(eventKey, where, user,
                    form.form().action(), form.form().context(), Map.of(read.fieldId(), read.value())));
            if (problems.containsKey(read.fieldId())) {
                read = new ConsoleForm.Read(read.fieldId(), null, problems.get(read.fieldId()));
            }
        }
        if (read.problem() != null) {
            sender.askAgain(form, read.problem());
            return;
        }
        ConsoleForm.Step step = sender.take(form, read);
        if (step.complete()) {
            InboundEvent submitted = InboundEvent.formSubmitted(eventKey, where, user, form.form().action(),
                    form.form().context(), step.answers());
            // the answers together, as the form's handler will read them: a field they are refused for is asked again
            Map<String, String> problems = bot.checkForm(submitted);
            if (!problems.isEmpty()) {
                Map.Entry<String, String> first = problems.entrySet().iterator().next();
                sender.reopen(form, first.getKey(), first.getValue());
                return;
            }
            sender.done(form);
            bot.handle(submitted);
        }
    }
}
