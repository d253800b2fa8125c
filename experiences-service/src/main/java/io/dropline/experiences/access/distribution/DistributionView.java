package io.dropline.experiences.access.distribution;

/**
 * A distribution as its type's Admin API shows it (a type's own response record, e.g. {@code QueueResponse}). The core
 * adds {@code type} in front of its fields ({@link DistributionResponse}) and groups rows by experience.
 */
public interface DistributionView {

    /** Its public id ({@code queue_…}): how the core puts the rows a type returns back in its list's order. */
    String id();

    /** The public id of its experience ({@code exp_…}). */
    String experienceId();
}
