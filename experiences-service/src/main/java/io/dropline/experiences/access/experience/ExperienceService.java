package io.dropline.experiences.access.experience;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListQuery;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.DistributionResponse;
import io.dropline.experiences.access.distribution.DistributionService;
import io.dropline.experiences.access.line.LineStatistics;
import io.dropline.experiences.access.distribution.AdminSurface;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.auction.AuctionService;
import io.dropline.experiences.access.timedrelease.TimedReleaseService;
import io.dropline.experiences.access.waitlist.WaitlistService;
import io.dropline.experiences.access.appointment.AppointmentService;
import io.dropline.experiences.access.line.QueueSettings;
import io.dropline.experiences.access.sequence.SequenceResponse;
import io.dropline.experiences.access.sequence.SequenceService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The Experiences Admin API: nested create, includes, derived timing and status, duplicate. */
@Service
public class ExperienceService {

    private static final int MAX_NAME = ExperienceFields.MAX_NAME;

    private final ExperienceRepository repository;
    private final SequenceService sequences;
    private final QueueService queues;
    private final DistributionService distributions;
    private final LineStatistics statistics;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;

    private final TimedReleaseService timedReleases;
    private final WaitlistService waitlists;
    private final AuctionService auctions;
    private final AppointmentService appointments;

    ExperienceService(ExperienceRepository repository, SequenceService sequences, QueueService queues,
            DistributionService distributions, LineStatistics statistics, CursorCodec cursors, TransactionalOperator transaction,
            RequestBodies bodies, TimedReleaseService timedReleases, WaitlistService waitlists, AuctionService auctions,
            AppointmentService appointments) {
        this.appointments = appointments;
        this.repository = repository;
        this.auctions = auctions;
        this.timedReleases = timedReleases;
        this.waitlists = waitlists;
        this.bodies = bodies;
        this.sequences = sequences;
        this.queues = queues;
        this.distributions = distributions;
        this.statistics = statistics;
        this.cursors = cursors;
        this.transaction = transaction;
    }

    /** Everything, nested sequence and queues included, is validated first, then written in one transaction. */
    Mono<ExperienceResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateExperienceRequest.class, CreateExperienceRequest::windowProblems))
                .flatMap(changes -> insertWithSequence(context, changes));
    }

    private Mono<ExperienceResponse> insertWithSequence(InternalContext context, CreateExperienceRequest changes) {
        Instant now = queues.now();
        Set<String> include = changes.firstSequence() == null ? Set.of() : ExperienceQuery.RELATIONS;
        String zone = changes.storedTimeZone().value();
        return repository.insert(context, Ids.newUuid(), new ExperienceRepository.Values(changes.storedName().value(),
                        zone, changes.storedAccessCode().value(), changes.themeJson().value(), changes.i18nJson().value()), now)
                .flatMap(id -> changes.firstSequence() == null ? Mono.just(id)
                        : sequences.insertNested(context, id, changes.firstSequence(), zone, now).thenReturn(id))
                .flatMap(id -> repository.findById(context, id))
                .as(transaction::transactional)
                .flatMap(entity -> withIncludes(context, List.of(entity), include))
                .map(responses -> responses.get(0));
    }

    Mono<ExperienceResponse> get(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> ExperienceQuery.includeOnly(params))
                .flatMap(include -> repository.findById(context, ExperienceIds.parseOrNotFound(id))
                        .switchIfEmpty(Mono.error(ExperienceIds::notFound))
                        .flatMap(entity -> withIncludes(context, List.of(entity), include)))
                .map(responses -> responses.get(0));
    }

    Mono<ListResponse<ExperienceResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> ExperienceRepository.LIST.parse(params))
                .flatMap(query -> page(context, query));
    }

    private Mono<ListResponse<ExperienceResponse>> page(InternalContext context, ListQuery<ExperienceEntity> query) {
        Keyset<ExperienceEntity> keyset = query.keyset(cursors, KeysetList.tenant("experiences", context));
        return keyset.page(repository.page(context, keyset), row -> row)
                .flatMap(page -> withIncludes(context, page.data(), query.value(ExperienceQuery.INCLUDE))
                        .map(responses -> new ListResponse<>(responses, page.pageInfo())));
    }

    Mono<ExperienceResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateExperienceRequest.class))
                .flatMap(changes -> repository.update(context, ExperienceIds.parseOrNotFound(id), changes, queues.now()))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(ExperienceIds::notFound))
                .flatMap(entity -> withIncludes(context, List.of(entity), Set.of()))
                .map(responses -> responses.get(0));
    }

    /** Hard delete with its sequences and queues, refused while consumers wait or hold a grant; answers the experience as it was. */
    Mono<ExperienceResponse> delete(InternalContext context, String id) {
        return Mono.fromSupplier(() -> ExperienceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lock(context, uuid))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(ExperienceIds::notFound))
                .flatMap(experience -> deleteIfIdle(context, experience))
                .as(transaction::transactional)
                .flatMap(entity -> withIncludes(context, List.of(entity), Set.of()))
                .map(responses -> responses.get(0));
    }

    private Mono<ExperienceEntity> deleteIfIdle(InternalContext context, ExperienceEntity experience) {
        return queues.settingsOfExperiences(context, List.of(experience.id()))
                .map(QueueSettings::id)
                .collectList()
                .flatMap(statistics::hasActiveParticipants)
                .flatMap(active -> active ? Mono.just(true) : sequences.hasActiveDraws(context, experience.id()))
                .flatMap(active -> active ? Mono.just(true) : timedReleases.anyLive(context, "experience_id", List.of(experience.id())))
                .flatMap(active -> active ? Mono.just(true) : auctions.anyLive(context, "experience_id", List.of(experience.id())))
                .flatMap(active -> active ? Mono.just(true) : waitlists.anySignedUp(context, "experience_id", List.of(experience.id())))
                .flatMap(active -> active ? Mono.just(true) : appointments.anyBooked(context, "experience_id", List.of(experience.id())))
                .flatMap(active -> active
                        ? Mono.error(ApiException.conflict("Cannot delete active experience", "EXPERIENCE_ACTIVE"))
                        : repository.delete(context, experience.id()).thenReturn(experience));
    }

    /**
     * A deep copy: the experience, its sequences and their queues under new ids, in one transaction. Only the
     * configuration is copied: no participants, grants or engine state, and no stop.
     */
    Mono<ExperienceResponse> duplicate(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body == null ? JsonNodeFactory.instance.objectNode() : body,
                        DuplicateExperienceRequest.class))
                .flatMap(name -> copy(context, ExperienceIds.parseOrNotFound(id), name));
    }

    private Mono<ExperienceResponse> copy(InternalContext context, UUID sourceId, DuplicateExperienceRequest name) {
        Instant now = queues.now();
        return repository.findById(context, sourceId)
                .switchIfEmpty(Mono.error(ExperienceIds::notFound))
                .flatMap(source -> repository.insertCopy(context, sourceId, Ids.newUuid(), name.or(copyName(source.name())), now))
                .flatMap(copyId -> sequences.copyInto(context, sourceId, copyId, now).thenReturn(copyId))
                .flatMap(copyId -> repository.findById(context, copyId))
                .as(transaction::transactional)
                .flatMap(entity -> withIncludes(context, List.of(entity), ExperienceQuery.RELATIONS))
                .map(responses -> responses.get(0));
    }

    private static String copyName(String name) {
        String copy = "Copy of " + name;
        return copy.length() <= MAX_NAME ? copy : copy.substring(0, MAX_NAME);
    }

    private Mono<List<ExperienceResponse>> withIncludes(InternalContext context, List<ExperienceEntity> entities, Set<String> include) {
        List<UUID> ids = entities.stream().map(ExperienceEntity::id).toList();
        Mono<Map<String, List<SequenceResponse>>> sequencesById = !include.contains("sequences") ? Mono.just(Map.of())
                : sequences.ofExperiences(context, ids).collect(Collectors.groupingBy(SequenceResponse::experienceId));
        Mono<Map<String, List<DistributionResponse>>> distributionsById = !include.contains("distributions") ? Mono.just(Map.of())
                : distributions.ofExperiences(context, ids).collect(Collectors.groupingBy(DistributionResponse::experienceId));
        Instant now = queues.now();
        return Mono.zip(sequencesById, distributionsById)
                .map(related -> entities.stream().map(entity -> {
                    String publicId = Ids.format(ExperienceIds.PREFIX, entity.id());
                    return ExperienceResponse.from(entity, now,
                            include.contains("sequences") ? related.getT1().getOrDefault(publicId, List.of()) : null,
                            include.contains("distributions") ? related.getT2().getOrDefault(publicId, List.of()) : null);
                }).toList());
    }

    // ---- For the Consumer API (package journey) -------------------------------------------------------------

    /**
     * What the consumer journey needs of an experience, private fields included ({@code accessCode}, for routing
     * only): the journey builds the public view from it and never shows those. Scoped by the caller's tenant;
     * 404 "Experience not found" for a malformed, unknown or foreign id. Any surface may ask.
     */
    public Mono<JourneyFacts> journeyFacts(InternalContext context, String id) {
        return Mono.fromSupplier(() -> ExperienceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(ExperienceIds::notFound))
                .map(entity -> JourneyFacts.from(entity, queues.now()));
    }

    /** An experience as the consumer journey sees it; {@code status} and the timing envelope are derived as for admins. */
    public record JourneyFacts(UUID id, String publicId, String name, String timeZone, String accessCode,
            Instant openAt, Instant closeAt, String status) {

        static JourneyFacts from(ExperienceEntity entity, Instant now) {
            return new JourneyFacts(entity.id(), Ids.format(ExperienceIds.PREFIX, entity.id()), entity.name(),
                    entity.timeZone(), entity.accessCode(), entity.openAt(), entity.closeAt(), entity.statusAt(now));
        }
    }

    static InternalContext admin(InternalContext context) {
        return AdminSurface.require(context, ExperienceIds::notFound);
    }
}
