package io.dropline.experiences.spotlight.theme;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A theme as the Admin API shows it. {@code variables} is the light token set (the seed's flat map); {@code light}
 * repeats it and {@code dark} is the dark set or null. Presets are {@code is_shared} and have no timestamps.
 */
public record ThemeResponse(
        @JsonProperty("theme_id") String themeId,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("is_default") boolean isDefault,
        @JsonProperty("is_shared") boolean isShared,
        @JsonProperty("variables") Map<String, String> variables,
        @JsonProperty("light") Map<String, String> light,
        @JsonProperty("dark") Map<String, String> dark,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static ThemeResponse from(ThemeEntity theme) {
        return new ThemeResponse(theme.id(), theme.name(), null, theme.isDefault(), false, theme.light(), theme.light(),
                theme.dark(), theme.createdAt(), theme.updatedAt());
    }

    static ThemeResponse from(ThemePresets.Preset preset) {
        return new ThemeResponse(preset.id(), preset.name(), preset.description(), false, true, preset.light(), preset.light(),
                preset.dark(), null, null);
    }
}
