package io.dropline.experiences.spotlight.eligibility;

import io.dropline.experiences.spotlight.targeting.AudienceRules;
import io.dropline.experiences.spotlight.targeting.DeliveryFields;
import io.dropline.experiences.spotlight.targeting.Rollout;
import io.dropline.experiences.spotlight.targeting.UrlPatterns;
import io.dropline.experiences.spotlight.userstate.FrequencyCap;
import java.net.URI;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One published tour or content item, compiled once per catalog load: its targeting and frequency caps (kept here,
 * never sent) and {@code payload}, the browser-safe snapshot with its resolved theme.
 */
record CompiledItem(String id, int priority, Instant publishedAt, JsonNode schedule, UrlPatterns.Matcher urls,
        AudienceRules.Rule audience, String audienceId, boolean rolloutEnabled, double rolloutPercentage, String dismissBehavior,
        FrequencyCap frequency, ObjectNode payload) {

    /**
     * The checks that need no I/O, cheapest first (reference §10.5): schedule, URL, audience rules, rollout. Once the
     * request's regex budget is spent, this and every later item is not eligible: fail closed, never a slow answer.
     */
    boolean targets(URI url, AudienceRules.Attributes attributes, String userKey, Instant now) {
        return !attributes.budget().exhausted()
                && DeliveryFields.inWindow(schedule, now)
                && urls.matches(url, attributes.budget())
                && audience.test(attributes, now)
                && (!rolloutEnabled || Rollout.includes(id, userKey, rolloutPercentage));
    }
}
