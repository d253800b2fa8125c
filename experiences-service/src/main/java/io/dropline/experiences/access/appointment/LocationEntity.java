package io.dropline.experiences.access.appointment;

import io.dropline.contracts.id.Ids;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** One row of {@code appointment_locations} (V11). */
record LocationEntity(UUID id, UUID organizationId, String environment, String name, String address, String timeZone,
        String weekJson, String holidaysJson, String metadataJson, Instant createdAt, Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, name, address, time_zone, operating_hours::text AS operating_hours, "
            + "holidays::text AS holidays, metadata::text AS metadata, created_at, updated_at";

    static LocationEntity from(Readable row) {
        return new LocationEntity(row.get("id", UUID.class), row.get("organization_id", UUID.class), row.get("environment", String.class),
                row.get("name", String.class), row.get("address", String.class), row.get("time_zone", String.class),
                row.get("operating_hours", String.class), row.get("holidays", String.class), row.get("metadata", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

    String publicId() {
        return Ids.format(AppointmentIds.LOCATION, id);
    }

    LocationValues values() {
        return new LocationValues(name, address, timeZone, weekJson, holidaysJson, metadataJson);
    }

    OperatingHours hours() {
        return OperatingHours.fromJson(weekJson, holidaysJson);
    }

    ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
