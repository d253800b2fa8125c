package io.dropline.experiences.access.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dropline.experiences.access.distribution.DistributionResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The core's generic distribution row writes a queue exactly as the queue-typed row it replaced did. */
class DistributionResponseTest {

    /** The row as it was before the core: typed to the queue. */
    record QueueTypedRow(String type, @JsonUnwrapped QueueResponse queue) {
    }

    @Test
    void whenAQueueIsWrittenAsADistributionThenTheBytesAreThoseOfTheQueueTypedRow() {
        Instant at = Instant.parse("2026-03-01T10:00:00.123456Z");
        QueueResponse queue = new QueueResponse("queue_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "org_01JD3Q6Z8WQ0X5T9R2M4N7B1CE",
                "exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "seq_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "Main", "Europe/Berlin", at, null, true, 60,
                null, 500, 600, false, JsonMapper.shared().readTree("{\"tier\":\"vip\"}"), null, null, null, "OPEN", "active", at, at);
        JsonMapper mapper = JsonMapper.builder().build();

        String now = mapper.writeValueAsString(new DistributionResponse("queue", queue));

        assertThat(now).isEqualTo(mapper.writeValueAsString(new QueueTypedRow("queue", queue)));
        assertThat(now).startsWith("{\"type\":\"queue\",\"id\":\"queue_");
    }
}
