package io.dropline.experiences.access.journey;

import io.dropline.experiences.access.journey.RouteResponse.Gate;
import io.dropline.experiences.access.journey.RouteResponse.Offer;
import io.dropline.experiences.access.journey.RouteResponse.Reason;
import io.dropline.experiences.access.journey.RouteResponse.SequenceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Journey routing (fanfare-api.md §7.2) as pure functions: each path is judged on its own ({@link #judge}),
 * then the judgements, highest priority first, decide the outcome ({@link #decide}):
 * <ol>
 *   <li>a presented access code that opens no path, while a path asks for one → {@code gated} with
 *       {@code access_code/invalid} on the best such path (a typo is reported, not silently routed elsewhere);</li>
 *   <li>else the best admissible path → {@code routed}; {@code offers} are all admissible paths, and
 *       {@code outcomeReasons} the neutral reasons why better paths were passed over;</li>
 *   <li>else the best gated path → {@code gated};</li>
 *   <li>else {@code no_access} ({@code NO_SEQUENCES} when the experience has no path at all).</li>
 * </ol>
 * Per path, requirements are checked in the documented order: authentication, then audience (a non-member is
 * never asked for a code of a path they cannot take; the path is simply passed over), then access code. Closed
 * paths (every queue ended, or none yet) are passed over silently.
 */
final class Routing {

    private Routing() {
    }

    /** Who asks: no consumer token at all, a guest session, or a verified consumer. */
    enum Caller { ANONYMOUS, GUEST, CONSUMER }

    /** What routing concluded about one path. */
    record Judgement(JourneyExperience.Path path, Kind kind, List<Gate> gates, List<Reason> reasons, boolean codeOpened) {

        enum Kind { PASSED_OVER, ADMISSIBLE, GATED }

        boolean invalidCode() {
            return gates.contains(Gate.CODE_INVALID);
        }
    }

    /** Whether the audience check is needed for this path and caller (it costs a remote call). */
    static boolean needsMembership(JourneyExperience.Path path, Caller caller) {
        return path.sequence().audienceId() != null && !"closed".equals(path.availability()) && !needsAuthentication(path, caller);
    }

    /**
     * @param member the audience answer when {@link #needsMembership} was true, else empty
     */
    static Judgement judge(JourneyExperience.Path path, String experienceCode, Caller caller, String presentedCode,
            Optional<Boolean> member) {
        if ("closed".equals(path.availability())) {
            return new Judgement(path, Judgement.Kind.PASSED_OVER, List.of(), List.of(), false);
        }
        if (member.isPresent() && !member.get()) {
            return new Judgement(path, Judgement.Kind.PASSED_OVER, List.of(), List.of(Reason.of(Reason.AUDIENCE_NOT_MEMBER)), false);
        }
        List<Gate> gates = new ArrayList<>();
        if (needsAuthentication(path, caller)) {
            gates.add(Gate.AUTHENTICATION);
        }
        String code = path.accessCode(experienceCode);
        boolean opened = false;
        if (code != null) {
            if (presentedCode == null) {
                gates.add(Gate.CODE_MISSING);
            } else if (sameCode(presentedCode, code)) {
                opened = true;
            } else {
                gates.add(Gate.CODE_INVALID);
            }
        }
        List<Reason> reasons = gates.stream().map(Gate::reason).toList();
        return new Judgement(path, gates.isEmpty() ? Judgement.Kind.ADMISSIBLE : Judgement.Kind.GATED, List.copyOf(gates), reasons, opened);
    }

    /** The outcome from the judgements of every path, highest priority first. */
    static RouteResponse decide(String experienceId, List<Judgement> judgements) {
        if (judgements.isEmpty()) {
            return RouteResponse.noAccess(experienceId, Reason.of(Reason.NO_SEQUENCES));
        }
        boolean codeOpenedAPath = judgements.stream().anyMatch(Judgement::codeOpened);
        Optional<Judgement> wrongCode = codeOpenedAPath ? Optional.empty() : judgements.stream().filter(Judgement::invalidCode).findFirst();
        if (wrongCode.isPresent()) {
            return gated(experienceId, wrongCode.get());
        }
        List<Judgement> admissible = judgements.stream().filter(j -> j.kind() == Judgement.Kind.ADMISSIBLE).toList();
        if (!admissible.isEmpty()) {
            Judgement selected = admissible.get(0);
            return RouteResponse.routed(experienceId, offer(experienceId, selected),
                    admissible.stream().map(j -> offer(experienceId, j)).toList(),
                    passedOverReasons(judgements.subList(0, judgements.indexOf(selected))));
        }
        return judgements.stream().filter(j -> j.kind() == Judgement.Kind.GATED).findFirst()
                .map(best -> gated(experienceId, best))
                .orElseGet(() -> RouteResponse.noAccess(experienceId, Reason.of(Reason.NO_ACCESS)));
    }

    private static RouteResponse gated(String experienceId, Judgement judgement) {
        return RouteResponse.gated(experienceId, offer(experienceId, judgement), judgement.reasons());
    }

    /** Distinct reason codes, in order, of the better paths the consumer did not get: no ids, no values. */
    private static List<Reason> passedOverReasons(List<Judgement> better) {
        Map<String, Reason> distinct = new LinkedHashMap<>();
        better.forEach(judgement -> judgement.reasons().forEach(reason -> distinct.putIfAbsent(reason.code(), reason)));
        return List.copyOf(distinct.values());
    }

    private static Offer offer(String experienceId, Judgement judgement) {
        JourneyExperience.Path path = judgement.path();
        SequenceRef sequence = new SequenceRef(path.sequence().id(), path.sequence().name(), experienceId,
                path.sequence().priority(), path.sequence().color(), path.availability(), path.waitlistId());
        return new Offer(sequence, judgement.kind() == Judgement.Kind.ADMISSIBLE ? "admissible" : "gated", judgement.gates(),
                judgement.reasons());
    }

    /** Entering anything needs at least a guest session; a path whose every queue refuses guests needs a verified consumer. */
    private static boolean needsAuthentication(JourneyExperience.Path path, Caller caller) {
        return caller == Caller.ANONYMOUS || caller == Caller.GUEST && path.requiresVerifiedConsumer();
    }

    /** Constant time whatever the inputs: digests first, so neither content nor length leaks through timing. */
    static boolean sameCode(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
