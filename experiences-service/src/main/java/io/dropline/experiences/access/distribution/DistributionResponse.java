package io.dropline.experiences.access.distribution;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A distribution of any type: {@code type} plus that type's own fields. */
public record DistributionResponse(String type, @JsonUnwrapped DistributionView view) {

    /** The public id of its experience. */
    public String experienceId() {
        return view.experienceId();
    }
}
