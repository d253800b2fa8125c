package io.dropline.gateway.platform;

import io.dropline.contracts.context.Environment;
import io.dropline.gateway.apikey.IssuedKey;
import io.dropline.gateway.bootstrap.BootstrapResult;
import io.dropline.gateway.caller.KeyType;
import java.util.List;

/** An organization's four new keys: in this answer only, never shown again (only their hashes are stored). */
record OrganizationKeys(String liveSecretKey, String livePublishableKey, String testSecretKey, String testPublishableKey) {

    static OrganizationKeys from(BootstrapResult created) {
        return new OrganizationKeys(created.liveSecretKey(), created.livePublishableKey(), created.testSecretKey(),
                created.testPublishableKey());
    }

    static OrganizationKeys from(List<IssuedKey> issued) {
        return new OrganizationKeys(plaintext(issued, KeyType.SECRET, Environment.LIVE),
                plaintext(issued, KeyType.PUBLISHABLE, Environment.LIVE), plaintext(issued, KeyType.SECRET, Environment.TEST),
                plaintext(issued, KeyType.PUBLISHABLE, Environment.TEST));
    }

    private static String plaintext(List<IssuedKey> issued, KeyType type, Environment environment) {
        return issued.stream()
                .filter(key -> key.type() == type && key.environment() == environment)
                .map(IssuedKey::plaintext)
                .findFirst()
                .orElseThrow();
    }

    /** Never the keys: a record's default toString would put them in any log line or assertion message that shows it. */
    @Override
    public String toString() {
        return "OrganizationKeys[4 keys]";
    }
}
