package io.dropline.experiences.access.experience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.TristateModule;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** A nested create lists the problems of the experience, its sequence and its queues in one answer, with their paths. */
class ExperienceRequestsTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new TristateModule())
            .build();
    private static final RequestBodies BODIES = new RequestBodies(MAPPER, Validation.buildDefaultValidatorFactory().getValidator());

    /** Local date-times of nested queues are read in the experience's zone (Tokyo: 10:00 local is 01:00Z). */
    @Test
    void whenNestedPartsAreBadThenEachIsListedWithItsPath() {
        String body = "{\"name\":\"E\",\"timeZone\":\"Asia/Tokyo\",\"theme\":5,\"sequence\":{\"name\":\"S\",\"priority\":2000000,"
                + "\"queues\":[{\"name\":\"A\",\"admitRate\":1,\"x\":1,\"openAt\":\"2030-01-01T10:00:00\",\"closeAt\":\"2030-01-01T02:00:00Z\"},7,"
                + "{\"name\":\"B\",\"admitRate\":1,\"openAt\":\"2030-01-01T10:00:00\",\"closeAt\":\"2030-01-01T00:30:00Z\"}]}}";
        assertThat(catchThrowableOfType(ApiException.class, () -> BODIES.read(MAPPER.readTree(body), CreateExperienceRequest.class,
                CreateExperienceRequest::windowProblems)).details()).containsExactly(
                new FieldError("sequence.priority", "Must be an integer between -1000000 and 1000000"),
                new FieldError("sequence.queues[0].x", "Unknown field"),
                new FieldError("sequence.queues[1]", "Must be an object"),
                new FieldError("sequence.queues[1].admitRate", "Required"),
                new FieldError("sequence.queues[1].name", "Required"),
                new FieldError("sequence.queues[2].closeAt", "Must be later than openAt"),
                new FieldError("theme", "Must be an object or null"));
    }

    @Test
    void whenTheSequenceOrItsQueuesHaveTheWrongShapeThenSaid() {
        assertThat(catchThrowableOfType(ApiException.class, () -> BODIES.read(MAPPER.readTree("{\"name\":\"E\",\"sequence\":[]}"),
                CreateExperienceRequest.class)).details()).containsExactly(new FieldError("sequence", "Must be an object"),
                new FieldError("sequence.name", "Required"));
        assertThat(catchThrowableOfType(ApiException.class, () -> BODIES.read(
                MAPPER.readTree("{\"name\":\"E\",\"sequence\":{\"name\":\"S\",\"queues\":{}}}"), CreateExperienceRequest.class)).details())
                .containsExactly(new FieldError("sequence.queues", "Must be an array of at most 50 queues"));
        CreateExperienceRequest none = BODIES.read(MAPPER.readTree("{\"name\":\"E\",\"sequence\":null}"), CreateExperienceRequest.class);
        assertThat(none.firstSequence()).isNull();
    }
}
