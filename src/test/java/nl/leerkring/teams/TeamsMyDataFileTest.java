package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import nl.leerkring.core.privacy.PrivacyFeature;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kring mijn gegevens} over the real door in Teams: the readable text and a file consent
 * card in the member's 1:1 chat; accepting it (an invoke shaped like Microsoft's documented
 * {@code fileConsent/invoke}) puts the JSON, made again for whoever pressed, at the upload URL
 * with a {@code Content-Range} and shows a file info card; declining uploads nothing.
 */
class TeamsMyDataFileTest {

    static final String ANNA = "29:1anna-user-id";
    static final String BOB = "29:1bob-user-id";
    static final String CHANNEL = "19:leerkring-channel@thread.tacv2";
    static final String CONSENT = "application/vnd.microsoft.teams.card.file.consent";
    static final String INFO = "application/vnd.microsoft.teams.card.file.info";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private TeamsServer server;
    private TeamsChannel teams;
    private FakeConnector connector;

    @BeforeEach
    void start() {
        server = TeamsServer.start(TestConfigs.server(TestDatabases.h2(tmp)), Clock.systemUTC());
        connector = server.connector();
        teams = server.channel(CHANNEL);
        teams.startCircle(ANNA, List.of(BOB));
        teams.command(BOB, "actie <@" + BOB + "> Bobs-merkteken bellen voor 01-02-2027");
        teams.command(ANNA, "actie <@" + ANNA + "> Annas-merkteken mailen voor 01-02-2027");
        teams.awaitPost(c -> TeamsChannel.text(c).contains("Annas-merkteken"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void acceptingTheConsentCardUploadsTheJsonAndShowsAFileInfoCard() throws Exception {
        FakeConnector.Call card = askMyData(BOB);
        JsonNode consent = attachment(card);
        assertEquals("leerkring-mijn-gegevens.json", consent.path("name").asText());
        assertTrue(consent.path("content").path("sizeInBytes").asLong() > 100, consent.toString());
        assertEquals(JSON.readTree("{\"kind\":\"" + PrivacyFeature.FILE_KIND + "\"}"), consent.path("content").path("acceptContext"),
                "the card carries the kind of file, no ids and no content");
        assertEquals(0, leftInOutbox(), "no copy waits for the answer");

        int mark = teams.mark();
        HttpResponse<String> answer = teams.send(invoke(BOB, card, "accept", consent.path("content").path("acceptContext")).toString(), null);

        assertEquals(200, answer.statusCode(), answer.body());
        FakeConnector.Call upload = Await.until(() -> connector.uploads().stream().findFirst(), () -> "nothing uploaded");
        byte[] bytes = upload.body().getBytes(StandardCharsets.UTF_8);
        assertEquals("bytes 0-" + (bytes.length - 1) + "/" + bytes.length, upload.contentRange());
        JsonNode export = JSON.readTree(bytes);
        assertEquals(BOB, export.path("user_id").asText());
        assertTrue(export.path("tables").path("action_item").toString().contains("Bobs-merkteken"), export.toString());
        assertFalse(upload.body().contains(ANNA) || upload.body().contains("Annas-merkteken"), upload.body());

        FakeConnector.Call info = awaitInChat(mark, BOB, INFO);
        JsonNode shown = attachment(info);
        assertEquals("https://contoso.sharepoint.com/personal/bob_contoso_com/Documents/Applications/leerkring-mijn-gegevens.json",
                shown.path("contentUrl").asText());
        assertEquals("leerkring-mijn-gegevens.json", shown.path("name").asText());
        assertEquals("1150D938-8870-4044-9F2C-5BBDEBA70C8C", shown.path("content").path("uniqueId").asText());
        assertEquals("json", shown.path("content").path("fileType").asText());
    }

    @Test
    void whatIsUploadedIsThePressersOwnDataWhateverTheInvokeSays() throws Exception {
        FakeConnector.Call bobsCard = askMyData(BOB);
        ObjectNode context = (ObjectNode) attachment(bobsCard).path("content").path("acceptContext").deepCopy();
        context.put("user", BOB).put("userId", BOB);

        // Anna answers Bob's card from her own 1:1 chat, with Bob's id added to the context
        HttpResponse<String> answer = teams.send(invoke(ANNA, bobsCard, "accept", context).toString(), null);

        assertEquals(200, answer.statusCode(), answer.body());
        FakeConnector.Call upload = Await.until(() -> connector.uploads().stream().findFirst(), () -> "nothing uploaded");
        assertEquals(ANNA, JSON.readTree(upload.body()).path("user_id").asText());
        assertFalse(upload.body().contains(BOB) || upload.body().contains("Bobs-merkteken"), upload.body());
    }

    @Test
    void decliningUploadsNothingAndSaysSoKindly() throws Exception {
        FakeConnector.Call card = askMyData(BOB);
        int mark = teams.mark();

        HttpResponse<String> answer = teams.send(invoke(BOB, card, "decline",
                attachment(card).path("content").path("declineContext")).toString(), null);

        assertEquals(200, answer.statusCode(), answer.body());
        FakeConnector.Call said = Await.until(() -> connector.posts().stream().skip(0)
                        .filter(c -> connector.calls().indexOf(c) >= mark)
                        .filter(c -> c.conversation().equals(FakeConnector.privateChatId(BOB)))
                        .filter(c -> TeamsChannel.json(c).path("text").asText().startsWith("Goed, dan stuur ik het bestand niet"))
                        .findFirst(),
                () -> "no answer to the decline; posts: " + connector.posts().stream().map(TeamsChannel::decodedBody).toList());
        assertTrue(TeamsChannel.json(said).path("attachments").isMissingNode() || TeamsChannel.json(said).path("attachments").isEmpty());
        assertEquals(List.of(), connector.uploads(), "nothing uploaded");
        assertEquals(0, leftInOutbox());
    }

    @Test
    void inEmulatorModeAnUploadUrlElsewhereIsRefused() throws Exception {
        FakeConnector.Call card = askMyData(BOB);
        for (String elsewhere : List.of("http://127.attacker.example/upload", "https://upload.link/x", "file:///tmp/x")) {
            ObjectNode accept = invoke(BOB, card, "accept", attachment(card).path("content").path("acceptContext"));
            ((ObjectNode) accept.path("value").path("uploadInfo")).put("uploadUrl", elsewhere);

            HttpResponse<String> answer = teams.send(accept.toString(), null);

            assertEquals(400, answer.statusCode(), elsewhere + ": " + answer.body());
        }
        assertEquals(List.of(), connector.uploads(), "nothing uploaded");
    }

    /** {@code user} types {@code kring mijn gegevens}; the text, then the consent card, in their 1:1 chat. */
    private FakeConnector.Call askMyData(String user) {
        int mark = teams.mark();
        teams.command(user, "mijn gegevens");
        FakeConnector.Call text = teams.awaitPrivate(mark, user, "Jouw gegevens in Leerkring");
        FakeConnector.Call card = awaitInChat(mark, user, CONSENT);
        assertTrue(TeamsChannel.text(text).contains(user.equals(BOB) ? "Bobs-merkteken" : "Annas-merkteken"), TeamsChannel.text(text));
        assertTrue(text.atNanos() < card.atNanos(), "the text first, then the card");
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox not delivered");
        return card;
    }

    private FakeConnector.Call awaitInChat(int mark, String user, String contentType) {
        String chat = FakeConnector.privateChatId(user);
        return Await.until(() -> connector.calls().stream().skip(mark)
                        .filter(c -> c.method().equals("POST") && c.path().contains("/activities"))
                        .filter(c -> c.conversation().equals(chat))
                        .filter(c -> attachment(c).path("contentType").asText().equals(contentType)).findFirst(),
                () -> "no " + contentType + " in the 1:1 chat of " + user + "; posts: "
                        + connector.posts().stream().map(TeamsChannel::decodedBody).toList());
    }

    private static JsonNode attachment(FakeConnector.Call call) {
        return TeamsChannel.json(call).path("attachments").path(0);
    }

    /**
     * What Teams sends when {@code user} answers the card in their 1:1 chat: Microsoft's
     * documented {@code fileConsent/invoke}, with {@code context} as the card's accept or decline
     * context and, for an accept, the upload URL of a file in the member's OneDrive.
     */
    private ObjectNode invoke(String user, FakeConnector.Call card, String action, JsonNode context) {
        ObjectNode a = teams.activity(user, FakeConnector.privateChatId(user), "personal", null);
        a.put("type", "invoke").put("name", "fileConsent/invoke").put("replyToId", card.answeredId());
        a.remove("entities");
        ObjectNode value = a.putObject("value").put("type", "fileUpload").put("action", action);
        value.set("context", context);
        if (action.equals("accept")) {
            value.putObject("uploadInfo")
                    .put("contentUrl", "https://contoso.sharepoint.com/personal/" + TeamsChannel.nameOf(user).toLowerCase()
                            + "_contoso_com/Documents/Applications/leerkring-mijn-gegevens.json")
                    .put("name", "leerkring-mijn-gegevens.json")
                    .put("uploadUrl", connector.uploadUrl("leerkring-mijn-gegevens.json"))
                    .put("uniqueId", "1150D938-8870-4044-9F2C-5BBDEBA70C8C")
                    .put("fileType", "json")
                    .put("etag", "123");
        }
        return a;
    }

    private int leftInOutbox() {
        return server.app().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM outbox WHERE payload LIKE :kind")
                .bind("kind", "%" + PrivacyFeature.FILE_KIND + "%").mapTo(Integer.class).one());
    }
}
