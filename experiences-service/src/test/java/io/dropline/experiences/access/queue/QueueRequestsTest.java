package io.dropline.experiences.access.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.TristateModule;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import jakarta.validation.Validation;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The queue bodies answer with the texts the hand-written reader gave (JsonFields, QueueChanges before issue 9). */
class QueueRequestsTest {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new TristateModule())
            .build();
    static final RequestBodies BODIES = new RequestBodies(MAPPER, Validation.buildDefaultValidatorFactory().getValidator());
    static final String SEQUENCE = Ids.format("seq", new UUID(1, 2));

    static List<FieldError> errors(String json, Class<?> type) {
        return catchThrowableOfType(ApiException.class, () -> BODIES.read(MAPPER.readTree(json), type)).details();
    }

    @Test
    void whenEveryKindOfFieldIsBadThenEachGetsItsOldMessage() {
        assertThat(errors("{\"sequenceId\":\"exp_1\",\"name\":\" \",\"timeZone\":\"Mars/Base\",\"openAt\":\"nope\",\"closeAt\":5,"
                + "\"supportsGuest\":null,\"admitRate\":0,\"capacity\":\"5\",\"maxAdmissions\":1.5,\"sessionDurationSeconds\":604801,"
                + "\"recycleExpiredSpots\":\"yes\",\"metadata\":[],\"foo\":1}", CreateQueueRequest.class)).containsExactly(
                new FieldError("foo", "Unknown field"),
                new FieldError("sequenceId", "Must be an id of the form seq_…"),
                new FieldError("name", "Must not be blank"),
                new FieldError("timeZone", "Must be an IANA time zone, e.g. Europe/Berlin"),
                new FieldError("openAt", "Must be an ISO-8601 date-time between years 1970 and 9999, e.g. 2030-01-01T10:00:00Z, or null"),
                new FieldError("closeAt", "Must be an ISO-8601 date-time between years 1970 and 9999, e.g. 2030-01-01T10:00:00Z, or null"),
                new FieldError("supportsGuest", "Must be true or false"),
                new FieldError("admitRate", "Must be an integer between 1 and 100000"),
                new FieldError("capacity", "Must be an integer between 1 and 100000000 or null"),
                new FieldError("maxAdmissions", "Must be an integer between 1 and 100000000 or null"),
                new FieldError("sessionDurationSeconds", "Must be an integer between 1 and 604800 or null"),
                new FieldError("recycleExpiredSpots", "Must be true or false"),
                new FieldError("metadata", "Must be an object or null"));
    }

    @Test
    void whenRequiredFieldsAreMissingOrNullThenRequiredOrMustNotBeNull() {
        assertThat(errors("{}", CreateQueueRequest.class)).containsExactly(new FieldError("sequenceId", "Required"),
                new FieldError("admitRate", "Required"), new FieldError("name", "Required"));
        assertThat(errors("{\"sequenceId\":null,\"name\":null,\"admitRate\":null}", CreateQueueRequest.class)).containsExactly(
                new FieldError("sequenceId", "Must be an id of the form seq_…"), new FieldError("name", "Must not be null"),
                new FieldError("admitRate", "Must not be null"));
        assertThat(errors("{\"name\":\"" + "x".repeat(201) + "\",\"timeZone\":\"a\\u0007\"}", UpdateQueueRequest.class)).containsExactly(
                new FieldError("name", "Must be at most 200 characters"), new FieldError("timeZone", "Must not contain control characters"));
    }

    @Test
    void whenALegacyNameIsUsedWithTheCurrentOneThenOnlyTheLegacyNameIsReported() {
        assertThat(errors("{\"sequenceId\":\"" + SEQUENCE + "\",\"name\":\"Q\",\"admitRate\":1,\"admissionRate\":0}",
                CreateQueueRequest.class))
                .containsExactly(new FieldError("admissionRate", "Cannot be combined with admitRate (admissionRate is its legacy name)"));
        CreateQueueRequest legacy = BODIES.read(MAPPER.readTree("{\"sequenceId\":\"" + SEQUENCE + "\",\"name\":\" Q \","
                + "\"admissionRate\":7,\"maxCapacity\":null,\"openAt\":\"2030-01-01T10:00\",\"timeZone\":\"Europe/Berlin\"}"),
                CreateQueueRequest.class);
        QueueValues values = legacy.applyTo(QueueFields.defaults(), null);
        assertThat(values.name()).isEqualTo("Q");
        assertThat(values.admitRate()).isEqualTo(7);
        assertThat(values.openAt()).hasToString("2030-01-01T09:00:00Z");
    }

    @Test
    void whenStatusOverrideIsNotEndedThenRefused() {
        assertThat(errors("{\"statusOverride\":\"open\",\"metadata\":{\"a\":\"\\u0000\"}}", UpdateQueueRequest.class)).containsExactly(
                new FieldError("metadata", "Must not contain U+0000"), new FieldError("statusOverride", "Must be \"ended\" or null"));
        UpdateQueueRequest stop = BODIES.read(MAPPER.readTree("{\"statusOverride\":\" ended \"}"), UpdateQueueRequest.class);
        assertThat(stop.stops()).isTrue();
        assertThat(stop.onlyStops()).isTrue();
    }
}
