package nl.leerkring.chat;

/** A labelled value shown under a message's text (a Slack field, a Teams fact, a console line). */
public record Field(String label, String value) {
}
