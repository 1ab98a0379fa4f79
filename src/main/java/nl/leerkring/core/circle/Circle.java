package nl.leerkring.core.circle;

import java.time.Instant;
import nl.leerkring.chat.Platform;

/** A learning circle: one channel, a handful of members, a language, a learning question and a contract. */
public record Circle(long id, Platform platform, String workspaceId, String channelId, String language,
                     String learningQuestion, String contract, Instant createdAt) {
}
