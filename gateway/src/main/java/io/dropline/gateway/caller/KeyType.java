package io.dropline.gateway.caller;

import java.util.Locale;

/** Secret keys act as the merchant (Admin API); publishable keys are safe in a browser (Consumer and SDK APIs). */
public enum KeyType {
    SECRET, PUBLISHABLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KeyType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
