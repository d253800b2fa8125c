package io.dropline.experiences.spotlight.theme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Built-in, shared, read-only themes (reference §12.3). {@code indigo} is the default palette: what a theme gets
 * when created without tokens, and what the SDK gets when a tenant has no default theme.
 */
final class ThemePresets {

    record Preset(String id, String name, String description, Map<String, String> light, Map<String, String> dark) {
    }

    static final Map<String, String> INDIGO_LIGHT = tokens(common(),
            "--spot-primary", "#4f46e5", "--spot-primary-contrast", "#ffffff", "--spot-bg", "#ffffff", "--spot-fg", "#1e1b4b",
            "--spot-muted", "#6b7280", "--spot-border", "#e0e7ff", "--spot-link", "#4f46e5", "--spot-success", "#16a34a",
            "--spot-hotspot", "#f59e0b", "--spot-overlay", "rgba(15,23,42,0.45)", "--spot-focus-ring", "rgba(79,70,229,0.6)",
            "--spot-shadow", "0 10px 30px rgba(30,27,75,0.15)");

    static final Map<String, String> INDIGO_DARK = tokens(common(),
            "--spot-primary", "#818cf8", "--spot-primary-contrast", "#0f172a", "--spot-bg", "#1e1b4b", "--spot-fg", "#eef2ff",
            "--spot-muted", "#a5b4fc", "--spot-border", "#312e81", "--spot-link", "#a5b4fc", "--spot-success", "#22c55e",
            "--spot-hotspot", "#facc15", "--spot-overlay", "rgba(0,0,0,0.6)", "--spot-focus-ring", "rgba(129,140,248,0.7)",
            "--spot-shadow", "0 10px 30px rgba(0,0,0,0.5)");

    private static final Map<String, String> LIGHT = tokens(common(),
            "--spot-primary", "#2563eb", "--spot-primary-contrast", "#ffffff", "--spot-bg", "#ffffff", "--spot-fg", "#0f172a",
            "--spot-muted", "#64748b", "--spot-border", "#e2e8f0", "--spot-link", "#2563eb", "--spot-success", "#16a34a",
            "--spot-hotspot", "#facc15", "--spot-overlay", "rgba(0,0,0,0.4)", "--spot-focus-ring", "rgba(37,99,235,0.6)",
            "--spot-shadow", "0 10px 30px rgba(0,0,0,0.15)");

    private static final Map<String, String> DARK = tokens(common(),
            "--spot-primary", "#3b82f6", "--spot-primary-contrast", "#ffffff", "--spot-bg", "#0f172a", "--spot-fg", "#f8fafc",
            "--spot-muted", "#94a3b8", "--spot-border", "#1e293b", "--spot-link", "#93c5fd", "--spot-success", "#22c55e",
            "--spot-hotspot", "#facc15", "--spot-overlay", "rgba(0,0,0,0.6)", "--spot-focus-ring", "rgba(147,197,253,0.7)",
            "--spot-shadow", "0 10px 30px rgba(0,0,0,0.5)");

    static final List<Preset> ALL = List.of(
            new Preset("indigo", "Indigo", "The default palette", INDIGO_LIGHT, INDIGO_DARK),
            new Preset("light", "Light", "Neutral light palette", LIGHT, DARK),
            new Preset("dark", "Dark", "Neutral dark palette", DARK, DARK),
            new Preset("high_contrast", "High contrast", "WCAG AA contrast for text and buttons", tokens(LIGHT,
                    "--spot-bg", "#000000", "--spot-fg", "#ffffff", "--spot-primary", "#ffd400", "--spot-primary-contrast", "#000000",
                    "--spot-border", "#ffffff", "--spot-focus-ring", "#ffd400", "--spot-link", "#ffd400", "--spot-muted", "#e5e5e5"), null),
            new Preset("minimal", "Minimal", "Flat light palette without shadows or rounding", tokens(LIGHT,
                    "--spot-radius", "0", "--spot-button-radius", "0", "--spot-shadow", "none", "--spot-overlay", "rgba(0,0,0,0)"), null));

    private static final Map<String, Preset> BY_ID = byId();

    private ThemePresets() {
    }

    static Preset find(String id) {
        return BY_ID.get(id);
    }

    private static Map<String, Preset> byId() {
        Map<String, Preset> presets = new LinkedHashMap<>();
        ALL.forEach(preset -> presets.put(preset.id(), preset));
        return Map.copyOf(presets);
    }

    private static Map<String, String> common() {
        return tokens(Map.of(), "--spot-font-family", "system-ui, -apple-system, \"Segoe UI\", sans-serif",
                "--spot-font-size", "14px", "--spot-title-size", "16px", "--spot-line-height", "1.5", "--spot-radius", "8px",
                "--spot-button-radius", "6px", "--spot-padding", "16px", "--spot-max-width", "320px", "--spot-modal-width", "560px",
                "--spot-highlight-padding", "4px", "--spot-highlight-radius", "4px", "--spot-z-index", "2147483000",
                "--spot-transition", "200ms");
    }

    private static Map<String, String> tokens(Map<String, String> base, String... pairs) {
        Map<String, String> tokens = new TreeMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            tokens.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(tokens);
    }
}
