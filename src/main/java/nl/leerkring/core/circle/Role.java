package nl.leerkring.core.circle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member's role in a circle. Each has a Dutch and an English word. */
public enum Role {
    FACILITATOR("begeleider", "facilitator"),
    COHOST("cohost", "co-host"),
    MEMBER("lid", "member");

    private final String dutch;
    private final String english;

    Role(String dutch, String english) {
        this.dutch = dutch;
        this.english = english;
    }

    public String word(String language) {
        return "en".equals(language) ? english : dutch;
    }

    /** The role a user typed, in either language ("co-host", "cohost", "lid" …); any other word is no role. */
    public static Optional<Role> parse(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values())
                .filter(r -> r.dutch.replace("-", "").equals(w) || r.english.replace("-", "").equals(w))
                .findFirst();
    }

    /** Facilitator and co-host may steer: set the learning question, the contract, move flows on. */
    public boolean canSteer() {
        return this == FACILITATOR || this == COHOST;
    }
}
