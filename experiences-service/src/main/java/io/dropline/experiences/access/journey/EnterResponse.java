package io.dropline.experiences.access.journey;

import java.time.Instant;

/** {@code POST /experiences/{id}/enter}: when this stay in the experience began, and the public view. */
public record EnterResponse(String experienceId, Instant enteredAt, PublicExperienceView experience) {
}
