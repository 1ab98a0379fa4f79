package nl.leerkring.chat;

/**
 * One answer a user can pick: a button in Slack, an Action.Submit in Teams, a number in the console.
 *
 * @param label what the user sees
 * @param action what the bot does when it is picked (for instance {@code role.confirm})
 * @param value the argument of that action
 */
public record Choice(String label, String action, String value) {
}
