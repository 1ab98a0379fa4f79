package nl.leerkring.chat;

/** The chat platforms Leerkring speaks on. */
public enum Platform {
    SLACK, TEAMS, CONSOLE
}
