package nl.leerkring.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * What {@code inbound_event} keeps of a platform's event key: an HMAC-SHA-256, never the key. A
 * plain hash would not do: a Slack button key is {@code action:<user>:<seconds.micros>}, few
 * enough guesses to try them all. The HMAC key is the configured {@code event.key.secret} (kept
 * outside the database, so a copy of the database alone cannot test guesses), or else one made at
 * the first start and kept in {@code installation_secret}; either way every instance and every
 * restart uses the same, so a retry is recognised wherever and whenever it arrives.
 */
final class EventKeys {

    private static final String NAME = "event-key";

    private final SecretKeySpec key;

    private EventKeys(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The configured secret, or the installation's (made now when there is none yet). */
    static EventKeys of(Jdbi jdbi, String configuredSecret) {
        if (configuredSecret != null && !configuredSecret.isBlank()) {
            return new EventKeys(configuredSecret.strip().getBytes(StandardCharsets.UTF_8));
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String stored = jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO installation_secret (name, secret) VALUES (:name, :secret) ON CONFLICT DO NOTHING")
                    .bind("name", NAME).bind("secret", HexFormat.of().formatHex(fresh)).execute();
            return h.createQuery("SELECT secret FROM installation_secret WHERE name = :name").bind("name", NAME)
                    .mapTo(String.class).one();
        });
        return new EventKeys(HexFormat.of().parseHex(stored));
    }

    /** 64 hex characters. */
    String hash(String eventKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(eventKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }
}
