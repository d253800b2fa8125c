package io.dropline.experiences.access.sequence;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.appointment.NestedAppointmentRequest;
import io.dropline.experiences.access.draw.NestedDrawRequest;
import io.dropline.experiences.access.auction.NestedAuctionRequest;
import io.dropline.experiences.access.timedrelease.NestedTimedReleaseRequest;
import io.dropline.experiences.access.waitlist.NestedWaitlistRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /sequences}: a sequence under an existing experience ({@code experienceId}); name required; optionally
 * its {@code draws}, {@code timedReleases}, {@code auctions} and {@code waitlist}, created with it.
 */
record CreateSequenceRequest(
        @Required @PublicId(prefix = "exp") Tristate<String> experienceId,
        @Required @NotNullValue @NotBlankValue @Text(max = 200) Tristate<String> name,
        @NotNullValue @IntRange(min = -SequenceFields.MAX_PRIORITY, max = SequenceFields.MAX_PRIORITY) Tristate<Integer> priority,
        @Text(max = 32) Tristate<String> color,
        @PublicId(prefix = "aud", orNull = true) Tristate<String> audienceId,
        @Text(max = 100) Tristate<String> accessCode,
        @WellTyped(message = NestedSequenceRequest.TIMED_RELEASES)
        Tristate<@Size(max = SequenceFields.MAX_NESTED_QUEUES, message = NestedSequenceRequest.TIMED_RELEASES) List<@Valid NestedTimedReleaseRequest>> timedReleases,
        @WellTyped(message = "Must be an object or null") Tristate<@Valid NestedWaitlistRequest> waitlist,
        @WellTyped(message = NestedSequenceRequest.DRAWS)
        Tristate<@Size(max = SequenceFields.MAX_NESTED_QUEUES, message = NestedSequenceRequest.DRAWS) List<@Valid NestedDrawRequest>> draws,
        @WellTyped(message = NestedSequenceRequest.AUCTIONS)
        Tristate<@Size(max = SequenceFields.MAX_NESTED_QUEUES, message = NestedSequenceRequest.AUCTIONS) List<@Valid NestedAuctionRequest>> auctions,
        @WellTyped(message = NestedSequenceRequest.APPOINTMENTS)
        Tristate<@Size(max = SequenceFields.MAX_NESTED_QUEUES, message = NestedSequenceRequest.APPOINTMENTS) List<@Valid NestedAppointmentRequest>> appointments)
        implements SequenceFields, NestedDistributions {
}
