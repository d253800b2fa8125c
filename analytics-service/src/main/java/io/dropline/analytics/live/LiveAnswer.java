package io.dropline.analytics.live;

import java.util.Map;

/**
 * The live part of an answer: each metric's value (null when its source failed), each asked source's result, and
 * whether anything is missing.
 */
public record LiveAnswer(Map<String, Object> values, Map<String, SourceResult> sources) {

    public boolean partial() {
        return sources.values().stream().anyMatch(result -> !result.isOk());
    }
}
