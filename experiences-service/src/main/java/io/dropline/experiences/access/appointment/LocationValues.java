package io.dropline.experiences.access.appointment;

/** The writable fields of a location, complete, the week and holidays as their stored JSON. */
record LocationValues(String name, String address, String timeZone, String weekJson, String holidaysJson, String metadataJson) {

    static final LocationValues DEFAULTS = new LocationValues(null, null, null, "{}", "[]", null);
}
