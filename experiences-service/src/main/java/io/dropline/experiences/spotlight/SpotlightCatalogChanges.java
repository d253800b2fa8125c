package io.dropline.experiences.spotlight;

import io.dropline.contracts.context.InternalContext;
import reactor.core.publisher.Mono;

/**
 * Told after every committed admin write that can change what the SDK is served (tours, content, themes), so the
 * eligibility cache drops the tenant's compiled catalog at once on this replica and the others notice soon.
 */
public interface SpotlightCatalogChanges {

    Mono<Void> changed(InternalContext context);
}
