package io.dropline.experiences.access.experience;

import io.dropline.contracts.context.InternalContext;
import reactor.core.publisher.Mono;

/**
 * The Consumer API's answer to {@code GET /experiences/{id}}, a path shared with the Admin API (api-decisions.md,
 * "Which API"). The journey feature provides it; this feature owns the interface, so the dependency runs one way
 * (journey on experience) and {@link ExperienceController} still maps the path once.
 */
public interface PublicExperienceReads {

    /** The public view of the experience, for a publishable key. */
    Mono<?> experience(InternalContext context, String id);
}
