package io.dropline.analytics.selectorhealth;

import io.dropline.analytics.web.SpotlightParams;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * Selector health over the last {@code window_days}: which targeted elements the SDK fails to find on customers'
 * pages. {@code failure_threshold} is a count of failures in the window (api-decisions.md), not a rate.
 */
@Service
class SelectorHealthService {

    static final int DEFAULT_WINDOW_DAYS = 7;
    static final int MAX_WINDOW_DAYS = 90;
    static final int DEFAULT_FAILURE_THRESHOLD = 3;
    static final int MAX_FAILURE_THRESHOLD = 1_000_000;

    private static final Set<String> PARAMS = Set.of("window_days", "failure_threshold");

    /** Flagged first, then the most failures; the selector key keeps equal rows in a stable order. */
    private static final Comparator<SelectorHealthResponse.Item> ORDER = Comparator
            .comparing(SelectorHealthResponse.Item::flagged).reversed()
            .thenComparing(Comparator.comparingLong(SelectorHealthResponse.Item::failures).reversed())
            .thenComparing(SelectorHealthResponse.Item::itemType)
            .thenComparing(SelectorHealthResponse.Item::itemId)
            .thenComparing(item -> item.stepId() == null ? "" : item.stepId())
            .thenComparing(item -> nullToEmpty(item.elementTarget().strategy()))
            .thenComparing(item -> nullToEmpty(item.elementTarget().value()));

    private final SelectorHealthRepository repository;
    private final Clock clock;

    SelectorHealthService(SelectorHealthRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    record Query(int windowDays, long failureThreshold) {

        static Query of(MultiValueMap<String, String> raw) {
            QueryParams params = QueryParams.only(raw, PARAMS);
            return new Query((int) SpotlightParams.bounded(params, "window_days", DEFAULT_WINDOW_DAYS, 1, MAX_WINDOW_DAYS),
                    SpotlightParams.bounded(params, "failure_threshold", DEFAULT_FAILURE_THRESHOLD, 1, MAX_FAILURE_THRESHOLD));
        }
    }

    Mono<Data<SelectorHealthResponse>> health(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> Query.of(params))
                .flatMap(query -> report(context, query))
                .map(SpotlightEnvelopes::data);
    }

    private Mono<SelectorHealthResponse> report(InternalContext context, Query query) {
        return repository.since(context, clock.instant().minus(Duration.ofDays(query.windowDays())))
                .map(stats -> SelectorHealthResponse.Item.from(stats, query.failureThreshold()))
                .collectSortedList(ORDER)
                .map(items -> responseOf(query, items));
    }

    private static SelectorHealthResponse responseOf(Query query, List<SelectorHealthResponse.Item> items) {
        return new SelectorHealthResponse(query.windowDays(), query.failureThreshold(), items, items.size());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
