package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import nl.leerkring.core.privacy.PrivacyFeature;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /kring mijn gegevens} over the real door in Slack: the readable text in the member's DM
 * with the app, then the export as a JSON file uploaded into that DM as {@code files.uploadV2}
 * does it (upload URL, bytes, complete with the DM's {@code channel_id}), holding the member's data
 * and nothing of another member or of a circle they are not in; no copy stays in the outbox.
 */
class SlackMyDataFileTest {

    private static final String ALICE = "UALICE";
    private static final String BOB = "UBOB";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private SlackServer server;
    private FakeSlackApi slack;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        slack = server.api();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void myDataComesAsTextAndAsAJsonFileUploadedIntoTheMembersDm() throws Exception {
        SlackChannel kring = server.channel("C1");
        kring.startCircle(ALICE, List.of(BOB));
        kring.command(BOB, "actie <@" + BOB + "|bob> Bobs-merkteken bellen voor 01-02-2027");
        kring.command(ALICE, "actie <@" + ALICE + "|alice> Alices-merkteken mailen voor 01-02-2027");
        SlackChannel other = server.channel("C2");
        other.startCircle(ALICE, List.of());
        other.command(ALICE, "actie <@" + ALICE + "|alice> Kring-twee-merkteken voor 01-02-2027");
        server.awaitDelivered();

        kring.command(BOB, "mijn gegevens");

        Call text = slack.await("chat.postMessage", c -> c.field("channel").equals(BOB)
                && c.content().contains("Jouw gegevens in Leerkring"));
        assertTrue(text.content().contains("Bobs-merkteken"), text.content());
        Call url = slack.await("files.getUploadURLExternal", c -> true);
        Call upload = slack.await("upload", c -> true);
        Call complete = slack.await("files.completeUploadExternal", c -> true);
        server.awaitDelivered();

        assertEquals("leerkring-mijn-gegevens.json", url.field("filename"));
        assertEquals(String.valueOf(upload.field("content").getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                url.field("length"));
        JsonNode files = JSON.readTree(complete.field("files"));
        assertEquals(upload.field("file_id"), files.path(0).path("id").asText(), "the uploaded file is completed");
        assertEquals(FakeSlackApi.directChannelOf(BOB), complete.field("channel_id"), "shared in Bob's DM with the app");
        assertTrue(text.atNanos() < url.atNanos() && url.atNanos() < upload.atNanos() && upload.atNanos() < complete.atNanos(),
                "text, upload URL, bytes, complete: in that order");
        assertEquals(1, slack.calls("files.getUploadURLExternal").size());
        assertEquals(1, slack.calls("files.completeUploadExternal").size());

        JsonNode export = JSON.readTree(upload.field("content"));
        assertEquals(BOB, export.path("user_id").asText());
        assertEquals("T1", export.path("workspace_id").asText());
        assertTrue(export.path("tables").path("action_item").toString().contains("Bobs-merkteken"), export.toString());
        assertTrue(export.path("tables").path("circle_member").size() == 1, export.toString());
        for (String notBobs : List.of(ALICE, "Alices-merkteken", "Kring-twee-merkteken", "C2")) {
            assertFalse(upload.field("content").contains(notBobs), notBobs + " in " + upload.field("content"));
        }

        int left = server.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM outbox WHERE payload LIKE :kind OR payload LIKE :mark")
                .bind("kind", "%" + PrivacyFeature.FILE_KIND + "%").bind("mark", "%Jouw gegevens%")
                .mapTo(Integer.class).one());
        assertEquals(0, left, "neither the file nor the text stays in the outbox");
    }

    @Test
    void withoutFilesWriteTheTextArrivesAndNothingOfTheExportStays() {
        SlackChannel kring = server.channel("C1");
        kring.startCircle(ALICE, List.of(BOB));
        kring.command(BOB, "actie <@" + BOB + "|bob> Bobs-merkteken bellen voor 01-02-2027");
        server.awaitDelivered();
        slack.refuseUploads("missing_scope");

        kring.command(BOB, "mijn gegevens");

        slack.await("chat.postMessage", c -> c.field("channel").equals(BOB) && c.content().contains("Jouw gegevens in Leerkring"));
        slack.await("files.getUploadURLExternal", c -> true);
        server.awaitDelivered();
        assertEquals(1, slack.calls("files.getUploadURLExternal").size(), "a missing scope is not tried again");
        assertEquals(List.of(), slack.calls("upload"));
        var rows = server.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT status, payload, last_error FROM outbox WHERE conversation_key LIKE :dm")
                .bind("dm", "%|@direct|" + BOB).mapToMap().list());
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("failed", rows.get(0).get("status"));
        assertEquals("{}", rows.get(0).get("payload"), "the failed message keeps neither its text nor its file");
        assertTrue(String.valueOf(rows.get(0).get("last_error")).contains("missing_scope"), rows.toString());
    }
}
