package io.dropline.audience.audience;

import java.util.UUID;

/**
 * What one lookup found about (audience, consumer): the audience's type, and whether the consumer is listed in
 * {@code audience_members}. Static audiences answer from {@code listed}; rule-based ones will evaluate their rules
 * (and may use {@code listed} for manual inclusions).
 */
record MembershipProbe(UUID audienceId, UUID consumerId, AudienceType type, boolean listed) {
}
