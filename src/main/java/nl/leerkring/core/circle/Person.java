package nl.leerkring.core.circle;

import nl.leerkring.chat.Platform;

/**
 * One member as the data rights see them: a user id in one workspace of one platform. The same
 * id in another workspace is somebody else's business (and maybe somebody else).
 */
public record Person(Platform platform, String workspaceId, String userId) {
}
