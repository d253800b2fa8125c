package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionView;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A waitlist as the Admin API shows it: its configuration, {@code signupCount} (active sign-ups, never above
 * capacity), {@code wavesSent}, and {@code status} / {@code timing} from the core's Lifecycle.
 */
public record WaitlistResponse(
        String id,
        String organizationId,
        String experienceId,
        String sequenceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        Integer capacity,
        String notificationStrategy,
        Integer waveSize,
        Integer waveIntervalSeconds,
        Instant notifyAt,
        int signupCount,
        int wavesSent,
        JsonNode metadata,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        String status,
        String timing,
        Instant createdAt,
        Instant updatedAt) implements DistributionView {

    static WaitlistResponse from(WaitlistEntity entity, Instant now) {
        return new WaitlistResponse(entity.publicId(), Ids.format("org", entity.organizationId()), Ids.format("exp", entity.experienceId()),
                Ids.format("seq", entity.sequenceId()), entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(),
                entity.supportsGuest(), entity.capacity(), entity.notificationStrategy(), entity.waveSize(), entity.waveIntervalSeconds(),
                entity.notifyAt(), entity.signupCount(), entity.wavesSent(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.statusOverride(), entity.statusOverrideAt(), entity.statusOverrideBy(), entity.lifecycle().statusAt(now).name(),
                entity.lifecycle().timingAt(now).wire(), entity.createdAt(), entity.updatedAt());
    }

    /** The Consumer API's view ({@code GET /waitlists/{id}} with a publishable key): public fields only. */
    public record Public(String id, String name, String sequenceId, String experienceId, Integer capacity, Instant openAt,
            Instant closeAt, String timeZone, String status, boolean supportsGuest) {

        public static Public of(WaitlistResponse admin) {
            return new Public(admin.id(), admin.name(), admin.sequenceId(), admin.experienceId(), admin.capacity(), admin.openAt(),
                    admin.closeAt(), admin.timeZone(), "SCHEDULED".equals(admin.status()) ? "PENDING" : admin.status(), admin.supportsGuest());
        }
    }

    /** Whether it takes sign-ups now: OPEN and not full (routing's overflow target). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean takesSignups() {
        return "OPEN".equals(status) && (capacity == null || signupCount < capacity);
    }
}
