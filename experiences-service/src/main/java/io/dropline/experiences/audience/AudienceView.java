package io.dropline.experiences.audience;

/** The part of audience-service's membership answer that routing uses. */
public record AudienceView(String audienceId, String consumerId, boolean member) {

    static AudienceView notMember(String audienceId, String consumerId) {
        return new AudienceView(audienceId, consumerId, false);
    }
}
