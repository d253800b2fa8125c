package io.dropline.experiences.access.appointment;

import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A location as the Admin API shows it. */
record LocationResponse(String id, String organizationId, String name, String address, String timeZone,
        Map<String, List<Map<String, String>>> operatingHours, List<String> holidays, JsonNode metadata, Instant createdAt,
        Instant updatedAt) {

    static LocationResponse from(LocationEntity entity) {
        OperatingHours hours = entity.hours();
        return new LocationResponse(entity.publicId(), Ids.format("org", entity.organizationId()), entity.name(), entity.address(),
                entity.timeZone(), OperatingHours.view(hours.week()), hours.holidays().stream().map(Object::toString).toList(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.createdAt(), entity.updatedAt());
    }
}
