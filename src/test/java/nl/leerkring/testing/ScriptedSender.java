package nl.leerkring.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;

/**
 * A platform stand-in for delivery tests: answers with scripted results (then "sent") and
 * records every attempt. The real platform senders are tested over HTTP in the endpoint tests.
 */
public final class ScriptedSender implements Sender {

    public record Attempt(OutgoingMessage message, String threadRef, SendResult result) {
    }

    private final Deque<SendResult> script = new ArrayDeque<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private int refs;

    public ScriptedSender then(SendResult result) {
        script.add(result);
        return this;
    }

    @Override
    public synchronized SendResult send(OutgoingMessage message, String threadRef) {
        SendResult result = script.isEmpty() ? new SendResult.Sent("ref-" + (++refs)) : script.poll();
        attempts.add(new Attempt(message, threadRef, result));
        return result;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public List<String> delivered() {
        return attempts.stream().filter(a -> a.result() instanceof SendResult.Sent).map(a -> a.message().text()).toList();
    }
}
