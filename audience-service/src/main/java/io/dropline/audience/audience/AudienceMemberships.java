package io.dropline.audience.audience;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@link AudienceMembership} of each audience type; the service refuses to start if a type has none. */
@Component
class AudienceMemberships {

    private final Map<AudienceType, AudienceMembership> byType = new EnumMap<>(AudienceType.class);

    AudienceMemberships(List<AudienceMembership> memberships) {
        for (AudienceMembership membership : memberships) {
            if (byType.put(membership.type(), membership) != null) {
                throw new IllegalStateException("Two membership strategies for audience type " + membership.type());
            }
        }
        for (AudienceType type : AudienceType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalStateException("No membership strategy for audience type " + type);
            }
        }
    }

    AudienceMembership of(AudienceType type) {
        return byType.get(type);
    }
}
