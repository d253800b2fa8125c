package io.dropline.consumer.session;

import java.util.Locale;

/** Fanfare's two session types; the wire form is the lower-case name. */
enum SessionType {
    GUEST, AUTHENTICATED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SessionType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
