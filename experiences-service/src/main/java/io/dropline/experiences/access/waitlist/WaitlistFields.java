package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.distribution.Schedule;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a waitlist as one body states them (§5.8, §8.6): the shared distribution fields, {@code capacity}
 * (null: unlimited), and how its notification waves run: {@code notificationStrategy} (blast: everyone waiting at
 * once; batched: {@code waveSize} at a time in sign-up order; priority: {@code waveSize} at a time, highest
 * {@code priority} first, then sign-up order), {@code notifyAt} (the first wave; null: only when an admin triggers
 * one) and {@code waveIntervalSeconds} (the next wave after each batched or priority wave while anyone waits).
 */
interface WaitlistFields {

    int MAX_NAME = 200;
    int MAX_COUNT = 100_000_000;
    int MAX_INTERVAL = 30 * 24 * 3600;
    int MAX_JSON_CHARS = 16_384;
    String BOOLEAN = "Must be true or false";
    String OBJECT = "Must be an object or null";
    List<String> STRATEGIES = List.of("blast", "batched", "priority");

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> openAt();

    Tristate<String> closeAt();

    Tristate<Boolean> supportsGuest();

    Tristate<Integer> capacity();

    Tristate<String> notificationStrategy();

    Tristate<Integer> waveSize();

    Tristate<Integer> waveIntervalSeconds();

    Tristate<String> notifyAt();

    Tristate<ObjectNode> metadata();

    default Schedule schedule(WaitlistValues current, String experienceZone) {
        return Schedule.after(timeZone(), openAt(), closeAt(), new Schedule(current.timeZone(), current.openAt(), current.closeAt()),
                experienceZone);
    }

    /** This (valid) body merged over {@code current}. */
    default WaitlistValues applyTo(WaitlistValues current, String experienceZone) {
        Schedule schedule = schedule(current, experienceZone);
        ZoneId zone = schedule.zone() != null ? ZoneId.of(schedule.zone())
                : experienceZone != null ? ZoneId.of(experienceZone) : ZoneOffset.UTC;
        return new WaitlistValues(FieldRules.stripped(name()).or(current.name()), schedule.zone(), schedule.openAt(), schedule.closeAt(),
                supportsGuest().or(current.supportsGuest()), capacity().or(current.capacity()),
                FieldRules.stripped(notificationStrategy()).or(current.notificationStrategy()), waveSize().or(current.waveSize()),
                waveIntervalSeconds().or(current.waveIntervalSeconds()), Schedule.instant(notifyAt(), zone, current.notifyAt()),
                FieldRules.jsonText(metadata()).or(current.metadataJson()));
    }

    /** Rules across fields, on the configuration this body leaves: an ordered window, a wave size where waves are sized. */
    default List<FieldError> crossProblems(WaitlistValues current, String experienceZone, String prefix) {
        List<FieldError> problems = new ArrayList<>();
        if (!schedule(current, experienceZone).ordered()) {
            problems.add(new FieldError(prefix + "closeAt", "Must be later than openAt"));
        }
        String strategy = notificationStrategy().wrongType() || !notificationStrategy().hasValue() ? current.notificationStrategy()
                : FieldRules.stripped(notificationStrategy()).value();
        Integer size = waveSize().wrongType() ? current.waveSize() : waveSize().or(current.waveSize());
        if (strategy != null && !strategy.equals("blast") && STRATEGIES.contains(strategy) && size == null && !waveSize().wrongType()) {
            problems.add(new FieldError(prefix + "waveSize", "Required when notificationStrategy is " + strategy));
        }
        return problems;
    }

    /** The strategies, as a text rule. */
    final class Strategy implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return STRATEGIES.contains(text) ? null : "Must be one of blast, batched, priority";
        }
    }
}
