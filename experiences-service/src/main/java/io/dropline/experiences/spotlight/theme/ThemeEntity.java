package io.dropline.experiences.spotlight.theme;

import java.time.Instant;
import java.util.Map;

/** A tenant theme row; {@code dark} is null when the theme has only the light variant. */
record ThemeEntity(String id, String name, Map<String, String> light, Map<String, String> dark, boolean isDefault,
        Instant createdAt, Instant updatedAt) {
}
