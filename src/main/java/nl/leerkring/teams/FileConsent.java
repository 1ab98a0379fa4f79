package nl.leerkring.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.bot.builder.InvokeResponse;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Attachment;
import com.microsoft.bot.schema.Serialization;
import com.microsoft.bot.schema.teams.FileConsentCard;
import com.microsoft.bot.schema.teams.FileInfoCard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.Bot;
import nl.leerkring.core.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file in Teams, which a bot can only hand over in a 1:1 chat and only after the member's
 * consent: first a file consent card (name, size, a description); on "accept" Teams sends a
 * {@code fileConsent/invoke} with an upload URL in the member's OneDrive, the bytes go there
 * ({@code PUT} with {@code Content-Range}) and a file info card shows the file in the chat; on
 * "decline" nothing is uploaded and the member is told so.
 *
 * <p>The card carries no content and no ids, only the file's kind. At "accept" the file is made
 * again, at that moment, for the member who pressed it, in the workspace (tenant) the invoke came
 * from ({@link Bot#remakeFile}): nothing in the invoke's value decides whose data is uploaded,
 * and no copy waits for the member's answer.
 */
final class FileConsent {

    static final String INVOKE = "fileConsent/invoke";
    private static final Logger log = LoggerFactory.getLogger(FileConsent.class);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(20);

    private final Bot bot;
    private final Texts texts;
    private final boolean authenticated;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param authenticated whether every activity is authenticated (Teams credentials set); in
     *     emulator mode an upload URL must be on this machine, as the service URL must
     */
    FileConsent(Bot bot, Texts texts, boolean authenticated) {
        this.bot = bot;
        this.texts = texts;
        this.authenticated = authenticated;
    }

    /** The consent card for a file: its name and size, and its kind as the context Teams hands back. */
    static Activity card(OutgoingMessage.File file, String description) {
        FileConsentCard card = new FileConsentCard();
        card.setDescription(description == null ? file.name() : description);
        card.setSizeInBytes(file.bytes().length);
        ObjectNode context = Serialization.createObjectNode().put("kind", file.kind());
        card.setAcceptContext(context);
        card.setDeclineContext(context);
        Attachment attachment = new Attachment();
        attachment.setContentType(FileConsentCard.CONTENT_TYPE);
        attachment.setName(file.name());
        attachment.setContent(card);
        Activity activity = Activity.createMessageActivity();
        activity.setAttachments(List.of(attachment));
        return activity;
    }

    /** Answers the member's accept or decline: 200 when it was one, 400 when the invoke is not a file consent of ours. */
    InvokeResponse answer(TurnContext turn) {
        Activity activity = turn.getActivity();
        JsonNode value = activity.getValue() == null ? null : Serialization.objectToTree(activity.getValue());
        if (value == null || !value.isObject() || activity.getFrom() == null || activity.getFrom().getId() == null
                || !ActivityMapper.isPersonal(activity.getConversation())) {
            return new InvokeResponse(400, null);
        }
        String action = value.path("action").asText("");
        String kind = value.path("context").path("kind").asText("");
        if ("decline".equals(action)) {
            say(turn, texts.get("teams.file.declined"));
            return new InvokeResponse(200, null);
        }
        if (!"accept".equals(action)) {
            return new InvokeResponse(400, null);
        }
        JsonNode info = value.path("uploadInfo");
        String uploadUrl = info.path("uploadUrl").asText("");
        if (!allowed(uploadUrl)) {
            log.warn("A file consent's upload URL was refused: {}", authenticated ? "not https" : "not on this machine (emulator mode)");
            return new InvokeResponse(400, null);
        }
        Optional<OutgoingMessage.File> file = bot.remakeFile(kind, Platform.TEAMS, ActivityMapper.tenantOf(activity),
                activity.getFrom().getId());
        if (file.isEmpty()) {
            say(turn, texts.get("teams.file.gone"));
            return new InvokeResponse(200, null);
        }
        String problem = put(uploadUrl, file.get().bytes());
        if (problem != null) {
            log.warn("A file could not be uploaded to the member's OneDrive: {}", problem);
            say(turn, texts.get("teams.file.failed"));
            return new InvokeResponse(200, null);
        }
        send(turn, infoCard(info, file.get().name()));
        return new InvokeResponse(200, null);
    }

    /** Authenticated: https only (the member's OneDrive). Emulator mode: only this machine. */
    private boolean allowed(String url) {
        if (url.isEmpty()) {
            return false;
        }
        if (!authenticated) {
            return MessagesServlet.isLoopback(url);
        }
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The bytes in one piece, as OneDrive's upload session takes them; null when done, else what went wrong. */
    private String put(String url, byte[] bytes) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(UPLOAD_TIMEOUT)
                    .header("Content-Range", "bytes 0-" + (bytes.length - 1) + "/" + bytes.length)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The card that shows the uploaded file in the chat (its OneDrive address, name, id and type, as Teams gave them). */
    private Activity infoCard(JsonNode info, String fallbackName) {
        FileInfoCard card = new FileInfoCard();
        card.setUniqueId(info.path("uniqueId").asText(null));
        card.setFileType(info.path("fileType").asText(null));
        Attachment attachment = new Attachment();
        attachment.setContentType(FileInfoCard.CONTENT_TYPE);
        attachment.setContentUrl(info.path("contentUrl").asText(null));
        attachment.setName(info.path("name").asText(fallbackName));
        attachment.setContent(card);
        Activity activity = Activity.createMessageActivity();
        activity.setText(texts.get("teams.file.uploaded", attachment.getName()));
        activity.setAttachments(List.of(attachment));
        return activity;
    }

    private static void say(TurnContext turn, String text) {
        Activity activity = Activity.createMessageActivity();
        activity.setText(text);
        send(turn, activity);
    }

    private static void send(TurnContext turn, Activity activity) {
        try {
            turn.sendActivity(activity).join();
        } catch (RuntimeException e) {
            log.warn("Could not answer a file consent in the 1:1 chat: {}", e.toString());
        }
    }
}
