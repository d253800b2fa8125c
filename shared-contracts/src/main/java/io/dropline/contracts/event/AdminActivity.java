package io.dropline.contracts.event;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@link EventTypes#ADMIN_ACTIVITY} event every admin write appends to its service's outbox, in the
 * same transaction as the write. One shape for every service, so the activity log reads the same whoever wrote it.
 *
 * <p>{@code data}: {@code action} (the seed's audit event name, e.g. {@code tour.create}, {@code TourPublishedByAdmin}),
 * {@code entity_type}, {@code entity_id}, {@code before} and {@code after} (the entity's API representation, null
 * when it did not exist before / no longer exists), {@code actor_type} and {@code actor_key_id}. The actor id and
 * the request id travel in the envelope's {@code actor} and {@code requestId}.
 */
public final class AdminActivity {

    private AdminActivity() {
    }

    public static EventEnvelope event(InternalContext context, String action, String entityType, String entityId,
            Object before, Object after, Instant occurredAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action);
        data.put("entity_type", entityType);
        data.put("entity_id", entityId);
        data.put("before", before);
        data.put("after", after);
        data.put("actor_type", context.principal().type());
        data.put("actor_key_id", context.principal().keyId());
        return new EventEnvelope(Ids.format("evt", Ids.newUuid()), EventTypes.ADMIN_ACTIVITY,
                Ids.format("org", context.organizationId()), context.environment().wire(), entityType, entityId,
                occurredAt, context.requestId(), context.principal().id(), data);
    }
}
