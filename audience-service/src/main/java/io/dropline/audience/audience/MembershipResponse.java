package io.dropline.audience.audience;

/** The internal membership answer: {@code member} is whether the consumer belongs to the audience right now. */
record MembershipResponse(String audienceId, String consumerId, boolean member) {

    static MembershipResponse of(MembershipProbe probe, boolean member) {
        return new MembershipResponse(AudienceIds.format(probe.audienceId()), AudienceIds.formatConsumer(probe.consumerId()), member);
    }
}
