package nl.leerkring.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text on its way into Slack. What people typed must show as they typed it: in Slack's mrkdwn a
 * {@code <…>} is a link, a mention or a broadcast ({@code <!channel>}), so {@code &}, {@code <}
 * and {@code >} are written as entities. Two things pass unchanged:
 * <ul>
 * <li>a well-formed user mention {@code <@U…>} or {@code <@W…>}: in neutral text that is how
 *     the bot names a member (see {@code core.Mentions}) and how Slack delivers a mention a user
 *     made in a message or slash command;</li>
 * <li>Slack's own entities {@code &amp;}, {@code &lt;}, {@code &gt;}: Slack delivers typed
 *     {@code <}, {@code >} and {@code &} in messages and slash commands already escaped so.</li>
 * </ul>
 * Text from a modal's input arrives raw, so the adapter escapes it on the way in
 * ({@link #typed}): a {@code <@U0ZED>} typed there is text, never a mention.
 */
final class TextSafety {

    private static final Pattern KEPT = Pattern.compile("<@[UW][A-Z0-9]{1,30}(?:\\|[^<>&|]{0,80})?>|&(?:amp|lt|gt);");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt);");

    private TextSafety() {
    }

    /** Text for mrkdwn: only user mentions stay markup; any other {@code <}, {@code >}, {@code &} shows as itself. */
    static String mrkdwn(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        Matcher m = KEPT.matcher(text);
        int at = 0;
        while (m.find()) {
            escape(text, at, m.start(), sb);
            sb.append(m.group());
            at = m.end();
        }
        escape(text, at, text.length(), sb);
        return sb.toString();
    }

    /**
     * What a user typed into a modal's input, escaped as Slack escapes typed text in messages:
     * {@code <} and {@code >} always, {@code &} where it would otherwise read as one of those
     * entities ({@link #mrkdwn} escapes any other {@code &} when it is shown). Escaping no more
     * than that keeps answers near the length the user typed, which the core limits.
     */
    static String typed(String raw) {
        if (raw == null) {
            return null;
        }
        return ENTITY.matcher(raw).replaceAll("&amp;$1;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text for a plain_text object (a button, a modal label), which Slack shows as it is: entities back to characters. */
    static String plain(String text) {
        if (text == null) {
            return "";
        }
        return ENTITY.matcher(text).replaceAll(m -> switch (m.group(1)) {
            case "lt" -> "<";
            case "gt" -> ">";
            default -> "&";
        });
    }

    private static void escape(String text, int from, int to, StringBuilder sb) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
    }
}
