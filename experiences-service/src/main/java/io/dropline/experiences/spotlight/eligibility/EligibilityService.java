package io.dropline.experiences.spotlight.eligibility;

import io.dropline.contracts.context.InternalContext;
import io.dropline.experiences.spotlight.SpotlightSurface;
import io.dropline.experiences.spotlight.content.ContentService;
import io.dropline.experiences.spotlight.targeting.AudienceRules;
import io.dropline.experiences.spotlight.targeting.SafeRegex;
import io.dropline.experiences.spotlight.theme.ThemeService;
import io.dropline.experiences.spotlight.tour.TourService;
import io.dropline.experiences.spotlight.userstate.UserState;
import io.dropline.experiences.spotlight.userstate.UserStateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/sdk/eligible}: which published tours and content this end user should see on this page now.
 * Order of checks (reference §10.5): kill switch, status (the catalog holds published items only), schedule, URL
 * patterns, inline audience rules, rollout bucket, dismissal/completion state, frequency caps (§11.2), then Fanfare
 * audience membership (the only check that may need a remote call, so it runs last and only for the survivors). Per
 * request: the cached catalog (no PostgreSQL), one Redis HGETALL for the user's state, and at most
 * {@link SafeRegex#REQUEST_BUDGET} steps of RE2 regex matching across all items.
 */
@Service
class EligibilityService {

    static final int TTL_SECONDS = 30;
    static final String TOURS = "tours";
    static final String CONTENT = "content";

    private final CatalogCache catalogs;
    private final TourService tours;
    private final ContentService content;
    private final ThemeService themes;
    private final UserStateStore userStates;
    private final AudienceMembership memberships;
    private final Clock clock;

    EligibilityService(CatalogCache catalogs, TourService tours, ContentService content, ThemeService themes, UserStateStore userStates,
            AudienceMembership memberships, Clock clock) {
        this.catalogs = catalogs;
        this.tours = tours;
        this.content = content;
        this.themes = themes;
        this.userStates = userStates;
        this.memberships = memberships;
        this.clock = clock;
    }

    Mono<EligibleResponse> eligible(InternalContext context, JsonNode body) {
        return SpotlightSurface.sdk(context)
                .map(sdk -> EligibleRequest.parse(body))
                .flatMap(request -> Mono.zip(catalogs.get(context, this::loadCatalog), userState(context, request))
                        .flatMap(loaded -> answer(context, request, loaded)));
    }

    /** The tenant's published set from PostgreSQL, compiled; runs on a cache miss only. */
    private Mono<Catalog> loadCatalog(InternalContext context) {
        return Mono.zip(tours.published(context).collectList(), content.published(context).collectList(), themes.catalog(context))
                .map(loaded -> Catalog.of(loaded.getT1(), loaded.getT2(), loaded.getT3()));
    }

    private Mono<UserState> userState(InternalContext context, EligibleRequest request) {
        return userStates.load(context.organizationId(), context.environment().wire(), request.userKey());
    }

    private Mono<EligibleResponse> answer(InternalContext context, EligibleRequest request, Tuple2<Catalog, UserState> loaded) {
        Instant now = clock.instant();
        boolean toursOff = context.featureDisabled(TOURS);
        boolean contentOff = context.featureDisabled(CONTENT);
        AudienceRules.Attributes attributes = attributes(request);
        List<CompiledItem> tourCandidates = toursOff || !request.includeTours() ? List.of()
                : candidates(loaded.getT1().tours(), request, attributes, loaded.getT2(), now);
        List<CompiledItem> contentCandidates = contentOff || !request.includeContent() ? List.of()
                : candidates(loaded.getT1().content(), request, attributes, loaded.getT2(), now);
        List<String> scopes = new ArrayList<>();
        if (toursOff) {
            scopes.add(TOURS);
        }
        if (contentOff) {
            scopes.add(CONTENT);
        }
        return Mono.zip(members(context, request, tourCandidates), members(context, request, contentCandidates))
                .map(lists -> new EligibleResponse(lists.getT1(), lists.getT2(),
                        new EligibleResponse.KillSwitch(!scopes.isEmpty(), List.copyOf(scopes)), now, TTL_SECONDS));
    }

    private static List<CompiledItem> candidates(List<CompiledItem> items, EligibleRequest request, AudienceRules.Attributes attributes,
            UserState state, Instant now) {
        return items.stream()
                .filter(item -> item.targets(request.url(), attributes, request.userKey(), now))
                .filter(item -> !state.hides(item.id(), item.dismissBehavior(), request.sessionId(), now))
                .filter(item -> !state.capped(item.id(), item.frequency(), now))
                .toList();
    }

    /** Keeps the serving order: concatMap, one membership answer at a time (cached ones are immediate). */
    private Mono<List<JsonNode>> members(InternalContext context, EligibleRequest request, List<CompiledItem> candidates) {
        return Flux.fromIterable(candidates)
                .concatMap(item -> item.audienceId() == null ? Mono.just(item)
                        : memberships.isMember(context, item.audienceId(), request.userId()).filter(Boolean::booleanValue).map(member -> item))
                .map(item -> (JsonNode) item.payload())
                .collectList();
    }

    private static AudienceRules.Attributes attributes(EligibleRequest request) {
        Map<String, JsonNode> values = new HashMap<>(request.traits());
        var nodes = JsonMapper.shared().getNodeFactory();
        if (request.userId() != null) {
            values.put("user.id", nodes.stringNode(request.userId()));
        }
        values.put("context.url", nodes.stringNode(request.url().toString()));
        values.put("context.path", nodes.stringNode(request.url().getRawPath() == null ? "/" : request.url().getRawPath()));
        if (request.locale() != null) {
            values.put("context.locale", nodes.stringNode(request.locale()));
        }
        // One regex budget for the whole request: every item's URL patterns and audience rules draw on it.
        return new AudienceRules.Attributes(values, SafeRegex.Budget.perRequest());
    }
}
