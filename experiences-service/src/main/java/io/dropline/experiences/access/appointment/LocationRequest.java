package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.TimeZoneRule;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /locations} and {@code PUT /locations/{id}} (partial): name, address, timeZone (IANA),
 * operatingHours (weekday → intervals), holidays (local dates), metadata. Create requires name, timeZone and
 * operatingHours ({@link Create}); an update may send any of them, none null.
 */
interface LocationRequest {

    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> address();

    Tristate<String> timeZone();

    Tristate<JsonNode> operatingHours();

    Tristate<JsonNode> holidays();

    Tristate<ObjectNode> metadata();

    /** The week and holidays' own problems (their shapes are not bean rules). */
    default List<FieldError> problems() {
        List<FieldError> problems = new ArrayList<>();
        if (operatingHours().present()) {
            problems.addAll(OperatingHours.weekProblems(operatingHours().value(), "operatingHours"));
        }
        if (holidays().present()) {
            problems.addAll(OperatingHours.holidayProblems(holidays().value(), "holidays"));
        }
        return problems;
    }

    /** This (valid) body over {@code current}. */
    default LocationValues applyTo(LocationValues current) {
        return new LocationValues(
                FieldRules.stripped(name()).or(current.name()),
                address().present() ? FieldRules.stripped(address()).value() : current.address(),
                timeZone().present() ? FieldRules.stripped(timeZone()).value() : current.timeZone(),
                operatingHours().present() ? OperatingHours.weekJson(OperatingHours.weekOf(operatingHours().value())) : current.weekJson(),
                holidays().present() ? OperatingHours.holidaysJson(OperatingHours.holidaysOf(holidays().value())) : current.holidaysJson(),
                metadata().present() ? FieldRules.jsonText(metadata()).value() : current.metadataJson());
    }

    /** {@code POST /locations}. */
    record Create(
            @Required @NotNullValue @NotBlankValue @Text(max = 200) Tristate<String> name,
            @Text(max = 500) Tristate<String> address,
            @Required @NotNullValue @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
            @Required @NotNullValue Tristate<JsonNode> operatingHours,
            @NotNullValue Tristate<JsonNode> holidays,
            @WellTyped(message = OBJECT) @JsonText(maxChars = 16_384) Tristate<ObjectNode> metadata) implements LocationRequest {
    }

    /** {@code PUT /locations/{id}}: partial. */
    record Update(
            @NotNullValue @NotBlankValue @Text(max = 200) Tristate<String> name,
            @Text(max = 500) Tristate<String> address,
            @NotNullValue @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
            @NotNullValue Tristate<JsonNode> operatingHours,
            @NotNullValue Tristate<JsonNode> holidays,
            @WellTyped(message = OBJECT) @JsonText(maxChars = 16_384) Tristate<ObjectNode> metadata) implements LocationRequest {
    }
}
