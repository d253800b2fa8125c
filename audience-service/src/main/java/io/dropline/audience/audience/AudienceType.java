package io.dropline.audience.audience;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of audience this service can hold. Fanfare's legacy docs say {@code STATIC}, the current ones
 * {@code STATIC_LIST}; both are accepted on input and stored (and answered) as {@code STATIC}. Rule-based
 * ({@code DYNAMIC}) and synced audiences arrive later, each with its own {@link AudienceMembership}.
 */
enum AudienceType {
    STATIC(List.of("STATIC", "STATIC_LIST"));

    private final List<String> inputNames;

    AudienceType(List<String> inputNames) {
        this.inputNames = inputNames;
    }

    static Optional<AudienceType> fromInput(String name) {
        return Arrays.stream(values()).filter(type -> type.inputNames.contains(name)).findFirst();
    }

    /** As stored in {@code audiences.type}. */
    static AudienceType fromColumn(String column) {
        return valueOf(column);
    }
}
