package io.dropline.experiences.access.journey;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.appointment.AppointmentService;
import io.dropline.experiences.access.auction.AuctionService;
import io.dropline.experiences.access.draw.DrawService;
import io.dropline.experiences.access.experience.ExperienceService;
import io.dropline.experiences.access.experience.PublicExperienceReads;
import io.dropline.experiences.access.line.LineService;
import io.dropline.experiences.access.line.LineStatistics;
import io.dropline.experiences.access.queue.PublicQueueReads;
import io.dropline.experiences.access.queue.QueueResponse;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.sequence.SequenceService;
import io.dropline.experiences.access.timedrelease.TimedReleaseService;
import io.dropline.experiences.access.waitlist.WaitlistResponse;
import io.dropline.experiences.access.waitlist.WaitlistService;
import io.dropline.experiences.audience.AudienceClient;
import io.dropline.experiences.commerce.ExperienceProducts;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The Consumer API's view of experiences (publishable key, consumer token optional): the public reads of the
 * paths shared with the Admin API, enter/leave, and routing through the sequences.
 */
@Service
public class JourneyService implements PublicExperienceReads, PublicQueueReads {

    /** Membership checks of one route call run side by side, but never more than this many at once. */
    private static final int MEMBERSHIP_CONCURRENCY = 4;
    private static final Logger log = LoggerFactory.getLogger(JourneyService.class);

    private final ExperienceService experiences;
    private final SequenceService sequences;
    private final QueueService queues;
    private final AudienceClient audiences;
    private final ExperienceEntryRepository entries;
    private final LineService line;
    private final RequestBodies bodies;
    private final DrawService draws;
    private final TimedReleaseService timedReleases;
    private final WaitlistService waitlists;
    private final AuctionService auctions;
    private final LineStatistics statistics;
    private final AppointmentService appointments;
    private final ExperienceProducts products;

    JourneyService(ExperienceService experiences, SequenceService sequences, QueueService queues, AudienceClient audiences,
            ExperienceEntryRepository entries, LineService line, RequestBodies bodies, DrawService draws,
            TimedReleaseService timedReleases, WaitlistService waitlists, LineStatistics statistics, AuctionService auctions,
            AppointmentService appointments, ExperienceProducts products) {
        this.products = products;
        this.appointments = appointments;
        this.draws = draws;
        this.auctions = auctions;
        this.timedReleases = timedReleases;
        this.waitlists = waitlists;
        this.statistics = statistics;
        this.experiences = experiences;
        this.bodies = bodies;
        this.sequences = sequences;
        this.queues = queues;
        this.audiences = audiences;
        this.entries = entries;
        this.line = line;
    }

    /** {@code GET /experiences/{id}} for a publishable key. */
    @Override
    public Mono<PublicExperienceView> experience(InternalContext context, String id) {
        // The products are read side by side with the experience; when the load fails (404) their answer is dropped.
        return consumerSurface(context)
                .then(Mono.zip(load(context, id), productsOf(context, id)))
                .map(loaded -> PublicExperienceView.from(loaded.getT1()).withProducts(loaded.getT2()));
    }

    /** Never fails (commerce-service down: marked unavailable); an id that cannot be an experience's asks nothing. */
    private Mono<ExperienceProducts.Answer> productsOf(InternalContext context, String id) {
        return Ids.parse("exp", id).isEmpty() ? Mono.just(new ExperienceProducts.Answer(List.of(), false)) : products.of(context, id);
    }

    /** {@code GET /queues/{id}} for a publishable key; 404 "Queue not found" for another tenant's id. */
    @Override
    public Mono<PublicQueueView> queue(InternalContext context, String id) {
        return consumerSurface(context)
                .then(queues.get(context, id))
                .map(PublicQueueView::from);
    }

    Mono<EnterResponse> enter(InternalContext context, String id) {
        return consumerSurface(context)
                .then(consumerId(context))
                .flatMap(consumer -> load(context, id)
                        .flatMap(experience -> recordEntry(context, experience, consumer)));
    }

    private Mono<EnterResponse> recordEntry(InternalContext context, JourneyExperience experience, UUID consumer) {
        return entries.enter(context, experience.facts().id(), consumer, queues.now())
                .map(enteredAt -> new EnterResponse(experience.facts().publicId(), enteredAt, PublicExperienceView.from(experience)));
    }

    /**
     * Idempotent: {@code left: true} whether or not the consumer was inside. Leaving the experience also leaves
     * every queue of it the consumer waits in or holds a grant of.
     */
    Mono<LeaveResponse> leave(InternalContext context, String id) {
        return consumerSurface(context)
                .then(consumerId(context))
                .flatMap(consumer -> load(context, id)
                        .flatMap(experience -> entries.leave(context, experience.facts().id(), consumer, queues.now())
                                .then(line.leaveAll(context, consumer, queueIdsOf(experience)))))
                .thenReturn(LeaveResponse.LEFT);
    }

    private static List<String> queueIdsOf(JourneyExperience experience) {
        return experience.paths().stream().flatMap(path -> path.queues().stream()).map(QueueResponse::id).toList();
    }

    Mono<RouteResponse> route(InternalContext context, String id, JsonNode body) {
        return consumerSurface(context)
                .then(Mono.fromSupplier(() -> body == null || body.isMissingNode() ? RouteRequest.NONE
                        : bodies.read(body, RouteRequest.class)))
                .flatMap(request -> load(context, id).flatMap(experience -> routeThrough(context, experience, request)));
    }

    private Mono<RouteResponse> routeThrough(InternalContext context, JourneyExperience experience, RouteRequest request) {
        Routing.Caller caller = callerOf(context);
        return Flux.fromIterable(experience.paths())
                .flatMapSequential(path -> judge(context, experience, path, caller, request.code()), MEMBERSHIP_CONCURRENCY)
                .collectList()
                .map(judgements -> Routing.decide(experience.facts().publicId(), judgements))
                .doOnNext(answer -> log.debug("Routed request {} for experience {}: {}", context.requestId(),
                        answer.experienceId(), answer.outcome()));
    }

    private Mono<Routing.Judgement> judge(InternalContext context, JourneyExperience experience, JourneyExperience.Path path,
            Routing.Caller caller, String accessCode) {
        String experienceCode = experience.facts().accessCode();
        if (!Routing.needsMembership(path, caller)) {
            return Mono.just(Routing.judge(path, experienceCode, caller, accessCode, Optional.empty()));
        }
        return audiences.membership(context, path.sequence().audienceId(), context.principal().id())
                .map(view -> Routing.judge(path, experienceCode, caller, accessCode, Optional.of(view.member())));
    }

    private Mono<JourneyExperience> load(InternalContext context, String id) {
        return experiences.journeyFacts(context, id)
                .flatMap(facts -> Mono.zip(
                                sequences.ofExperiences(context, List.of(facts.id())).collectList(),
                                queues.ofExperiences(context, List.of(facts.id())).collectList(),
                                draws.ofExperiences(context, List.of(facts.id())).collectList(),
                                timedReleases.ofExperiences(context, List.of(facts.id())).collectList(),
                                waitlists.ofExperiences(context, List.of(facts.id())).collectList(),
                                auctions.ofExperiences(context, List.of(facts.id())).collectList(),
                                appointments.ofExperiences(context, List.of(facts.id())).collectList())
                        .flatMap(related -> fullQueues(related.getT2(), related.getT5())
                                .map(full -> JourneyExperience.of(facts, related.getT1(), related.getT2(), related.getT3(),
                                        related.getT4(), related.getT6(), related.getT5(), related.getT7(), full))));
    }

    /**
     * The open queues with a capacity that is taken, among the sequences that have a waitlist to send the overflow to
     * (no waitlist: a full queue answers its own 429, and nothing is counted).
     */
    private Mono<Set<String>> fullQueues(List<QueueResponse> queues, List<WaitlistResponse> waitlists) {
        Set<String> withWaitlist = waitlists.stream().map(WaitlistResponse::sequenceId).collect(Collectors.toSet());
        return Flux.fromIterable(queues)
                .filter(queue -> queue.capacity() != null && "OPEN".equals(queue.status()) && withWaitlist.contains(queue.sequenceId()))
                .concatMap(queue -> statistics.countsByStatus(List.of(Ids.parse("queue", queue.id()).orElseThrow()))
                        .filter(counts -> counts.getOrDefault("QUEUED", 0L) >= queue.capacity())
                        .map(counts -> queue.id()))
                .collect(Collectors.toSet());
    }

    /** The journey routes belong to the Consumer API; any other surface gets the experience's 404. */
    private static Mono<Void> consumerSurface(InternalContext context) {
        return context.surface() == ApiSurface.CONSUMER ? Mono.empty() : Mono.error(ApiException.notFound("Experience"));
    }

    private static Routing.Caller callerOf(InternalContext context) {
        if (context.principal() == null || !context.principal().isConsumer() || Ids.parse("cons", context.principal().id()).isEmpty()) {
            return Routing.Caller.ANONYMOUS;
        }
        return context.principal().isGuest() ? Routing.Caller.GUEST : Routing.Caller.CONSUMER;
    }

    /** The consumer (guest or verified) behind the access token; 401 without one. */
    private static Mono<UUID> consumerId(InternalContext context) {
        return Mono.justOrEmpty(context.principal())
                .filter(principal -> principal.isConsumer())
                .flatMap(principal -> Mono.justOrEmpty(Ids.parse("cons", principal.id())))
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required", null)));
    }
}
