package io.dropline.experiences.spotlight.eligibility;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.audience.AudienceClient;
import io.dropline.experiences.audience.AudienceView;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code audience_id} on a Spotlight item means "only members of this Fanfare audience". Membership is asked of
 * audience-service through {@link AudienceClient} (timeouts, one retry, breaker {@code audience}) and remembered
 * for 30 s, so a page view does not cost a remote call per item. Only a consumer id ({@code cons_…}) can be a
 * member; anonymous users and other ids are not. When audience-service cannot answer, the item is simply not
 * shown (and the answer not remembered): eligibility never fails because of it.
 */
@Component
class AudienceMembership {

    private static final Duration REMEMBER = Duration.ofSeconds(30);

    private final AudienceClient audiences;
    private final Cache<String, Boolean> answers = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REMEMBER).build();

    AudienceMembership(AudienceClient audiences) {
        this.audiences = audiences;
    }

    Mono<Boolean> isMember(InternalContext context, String audienceId, String userId) {
        if (userId == null || Ids.parse("cons", userId).isEmpty()) {
            return Mono.just(false);
        }
        String key = context.organizationId() + ":" + context.environment().wire() + ":" + audienceId + ":" + userId;
        Boolean known = answers.getIfPresent(key);
        if (known != null) {
            return Mono.just(known);
        }
        return audiences.membership(context, audienceId, userId)
                .map(AudienceView::member)
                .doOnNext(member -> answers.put(key, member))
                .onErrorReturn(false);
    }
}
