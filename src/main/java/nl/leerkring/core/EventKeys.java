package nl.leerkring.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What {@code inbound_event} keeps of a platform's event key: an HMAC-SHA-256 under a key made
 * once per process and never written anywhere. A plain hash would not do: a Slack button key is
 * {@code action:<user>:<seconds.micros>}, few enough guesses to try them all.
 */
final class EventKeys {

    private static final SecretKeySpec KEY = newKey();

    private static SecretKeySpec newKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    /** 64 hex characters. */
    static String hash(String eventKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            return HexFormat.of().formatHex(mac.doFinal(eventKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }
}
