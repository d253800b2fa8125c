package io.dropline.experiences.access.journey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code POST /experiences/{id}/route} (schema version 1), discriminated by {@code outcome}:
 * {@code routed} (selected admissible offer, all admissible offers), {@code gated} (selected gated offer, no
 * offers) or {@code no_access} (no selected offer). Reasons are neutral codes: never a code value, an audience
 * or which path asked for what.
 */
public record RouteResponse(
        int schemaVersion,
        String experienceId,
        String outcome,
        @JsonInclude(JsonInclude.Include.NON_NULL) Offer selected,
        List<Offer> offers,
        List<Reason> outcomeReasons) {

    static RouteResponse routed(String experienceId, Offer selected, List<Offer> offers, List<Reason> reasons) {
        return new RouteResponse(1, experienceId, "routed", selected, offers, reasons);
    }

    static RouteResponse gated(String experienceId, Offer selected, List<Reason> reasons) {
        return new RouteResponse(1, experienceId, "gated", selected, List.of(), reasons);
    }

    static RouteResponse noAccess(String experienceId, Reason reason) {
        return new RouteResponse(1, experienceId, "no_access", null, List.of(), List.of(reason));
    }

    /** A path the consumer may take ({@code admissible}) or could take once the gates are satisfied ({@code gated}). */
    public record Offer(SequenceRef sequence, String status, List<Gate> gates, List<Reason> reasons) {
    }

    /** The public description of a sequence in an offer. */
    public record SequenceRef(String id, String name, String experienceId, int priority, String color, String availability,
            @JsonInclude(JsonInclude.Include.NON_NULL) String waitlistId) {

        public SequenceRef(String id, String name, String experienceId, int priority, String color, String availability) {
            this(id, name, experienceId, priority, color, availability, null);
        }
    }

    /** A requirement: {@code authentication/required}, {@code access_code/missing|invalid}. */
    public record Gate(String type, String status, Reason reason) {

        static final Gate AUTHENTICATION = new Gate("authentication", "required", Reason.of(Reason.AUTH_REQUIRED));
        static final Gate CODE_MISSING = new Gate("access_code", "missing", Reason.of(Reason.ACCESS_CODE_REQUIRED));
        static final Gate CODE_INVALID = new Gate("access_code", "invalid", Reason.of(Reason.ACCESS_CODE_INVALID));
    }

    /** A reason code, optionally with a neutral detail. */
    public record Reason(String code, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {

        static final String NO_SEQUENCES = "NO_SEQUENCES";
        static final String NO_ACCESS = "NO_ACCESS";
        static final String AUTH_REQUIRED = "AUTH_REQUIRED";
        static final String ACCESS_CODE_REQUIRED = "ACCESS_CODE_REQUIRED";
        static final String ACCESS_CODE_INVALID = "ACCESS_CODE_INVALID";
        static final String AUDIENCE_NOT_MEMBER = "AUDIENCE_NOT_MEMBER";

        static Reason of(String code) {
            return new Reason(code, null);
        }
    }
}
