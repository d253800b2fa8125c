package io.dropline.experiences.spotlight.theme;

import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's themes, ready to resolve an item's {@code theme_id} into the token maps the SDK receives: the Indigo
 * palette, overlaid by the tenant's default theme, overlaid by the item's theme (a tenant theme or a preset). The dark
 * set is sent only when the chosen theme (or, without one, the default) has a dark variant.
 */
public record ThemeCatalog(Map<String, ThemeEntity> themes, ThemeEntity defaultTheme) {

    /** The resolved light tokens and the dark ones (null when there is no dark variant). */
    public record Resolved(Map<String, String> light, Map<String, String> dark) {
    }

    public Resolved resolve(String themeId) {
        Map<String, String> light = new TreeMap<>(ThemePresets.INDIGO_LIGHT);
        if (defaultTheme != null) {
            light.putAll(defaultTheme.light());
        }
        Map<String, String> itemLight = null;
        Map<String, String> itemDark = null;
        boolean chosen = false;
        ThemeEntity theme = themeId == null ? null : themes.get(themeId);
        ThemePresets.Preset preset = themeId == null ? null : ThemePresets.find(themeId);
        if (theme != null) {
            itemLight = theme.light();
            itemDark = theme.dark();
            chosen = true;
        } else if (preset != null) {
            itemLight = preset.light();
            itemDark = preset.dark();
            chosen = true;
        }
        if (itemLight != null) {
            light.putAll(itemLight);
        }
        Map<String, String> darkSource = chosen ? itemDark : defaultTheme == null ? null : defaultTheme.dark();
        Map<String, String> dark = null;
        if (darkSource != null) {
            dark = new TreeMap<>(ThemePresets.INDIGO_DARK);
            dark.putAll(darkSource);
        }
        return new Resolved(Map.copyOf(light), dark == null ? null : Map.copyOf(dark));
    }
}
