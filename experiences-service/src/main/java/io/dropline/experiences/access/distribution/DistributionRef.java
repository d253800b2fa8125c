package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.Environment;
import java.util.UUID;

/**
 * What the core needs to name a distribution of any type in a grant or an event: its type, its public id, its
 * tenant and where it sits (experience, sequence).
 *
 * @param type     the type's name ({@code queue}, …), {@link DistributionType#name()}
 * @param publicId the public id ({@code queue_…})
 */
public record DistributionRef(String type, String publicId, UUID organizationId, Environment environment, UUID experienceId,
        UUID sequenceId) {
}
