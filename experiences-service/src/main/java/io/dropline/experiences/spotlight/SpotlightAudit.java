package io.dropline.experiences.spotlight;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.AdminActivity;
import io.dropline.contracts.event.bus.Outbox;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Appends the admin-activity event of one Spotlight write to the outbox. Callers compose it into the write's own
 * transaction, so the audit entry exists exactly when the change does.
 */
@Component
public class SpotlightAudit {

    private final Outbox outbox;

    SpotlightAudit(Outbox outbox) {
        this.outbox = outbox;
    }

    public Mono<Void> record(InternalContext context, String action, String entityType, String entityId, Object before,
            Object after, Instant at) {
        return outbox.append(AdminActivity.event(context, action, entityType, entityId, before, after, at));
    }
}
