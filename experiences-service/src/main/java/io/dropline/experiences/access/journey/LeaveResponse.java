package io.dropline.experiences.access.journey;

/** {@code DELETE /experiences/{id}/leave}. */
public record LeaveResponse(boolean left) {

    static final LeaveResponse LEFT = new LeaveResponse(true);
}
