package io.dropline.gateway.platform;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.page.PageRequest;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.bootstrap.BootstrapResult;
import io.dropline.gateway.bootstrap.BootstrapService;
import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.organization.OrganizationChanges;
import io.dropline.gateway.organization.OrganizationResponse;
import io.dropline.gateway.organization.OrganizationService;
import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The platform operator's work on organizations (docs/adr/0021), built on the organization's and the keys' own
 * services: creation is the bootstrap's transaction, suspension is the organization's status (INACTIVE keys are refused
 * by {@link ApiKeyService}), rotation revokes every key and issues four new ones, limits are the organization's
 * {@code rate_limits} overrides. Every change is committed in PostgreSQL first, then announced
 * ({@link OrganizationChanges}) so that every gateway replica drops its cached copy of the organization's keys, which
 * carry its status and limits; the answer waits for this replica's own copy to go. Each change is logged with the
 * operator's address, never with a key.
 */
@Service
class PlatformService {

    private static final Logger log = LoggerFactory.getLogger(PlatformService.class);
    private static final int MAX_SLUG = 50;

    private final OrganizationService organizations;
    private final BootstrapService bootstrap;
    private final ApiKeyService keys;
    private final OrganizationChanges changes;
    private final RateLimitProperties limits;
    private final RequestBodies bodies;

    PlatformService(OrganizationService organizations, BootstrapService bootstrap, ApiKeyService keys,
            OrganizationChanges changes, RateLimitProperties limits, RequestBodies bodies) {
        this.organizations = organizations;
        this.bootstrap = bootstrap;
        this.keys = keys;
        this.changes = changes;
        this.limits = limits;
        this.bodies = bodies;
    }

    Mono<ListResponse<OrganizationResponse>> list(PageRequest page) {
        return organizations.list(page);
    }

    Mono<OrganizationResponse> get(String organization) {
        return organizations.resolve(organization).flatMap(organizations::get);
    }

    /** A new ACTIVE organization and its live and test key pairs, in one transaction; a taken slug → 400 SLUG_TAKEN. */
    Mono<CreatedOrganizationResponse> create(JsonNode body, PlatformOperator operator) {
        return Mono.fromCallable(() -> bodies.read(body, CreateOrganizationRequest.class))
                .flatMap(request -> bootstrap.bootstrap(request.name(), slugOf(request)))
                .flatMap(this::withOrganization)
                .doOnNext(created -> log.info("The platform operator ({}) created organization {} ({})",
                        operator.clientAddress(), created.organization().id(), created.organization().slug()));
    }

    Mono<OrganizationResponse> suspend(String organization, PlatformOperator operator) {
        return organizations.resolve(organization)
                .flatMap(id -> changeStatus(id, OrganizationService.INACTIVE, operator));
    }

    Mono<OrganizationResponse> reactivate(String organization, PlatformOperator operator) {
        return organizations.resolve(organization)
                .flatMap(id -> changeStatus(id, OrganizationService.ACTIVE, operator));
    }

    /** Four new keys, shown once; every previous key of the organization stops working (on every replica). */
    Mono<RotatedKeysResponse> rotateKeys(String organization, PlatformOperator operator) {
        return organizations.resolve(organization)
                .flatMap(id -> rotate(id, operator));
    }

    Mono<RateLimitsResponse> rateLimits(String organization) {
        return organizations.resolve(organization)
                .flatMap(id -> organizations.rateLimitOverrides(id).map(overrides -> RateLimitsResponse.of(id, limits, overrides)));
    }

    /** Unknown organization → 404 before the body is judged; a bad category or value → 400, nothing changed. */
    Mono<RateLimitsResponse> changeRateLimits(String organization, JsonNode body, PlatformOperator operator) {
        return organizations.resolve(organization)
                .flatMap(id -> changeRateLimits(id, RateLimitChange.read(body, limits.categories().keySet()), operator));
    }

    private Mono<RateLimitsResponse> changeRateLimits(UUID id, RateLimitChange change, PlatformOperator operator) {
        return organizations.changeRateLimitOverrides(id, change.set(), change.reset())
                .flatMap(overrides -> changes.changed(id).thenReturn(RateLimitsResponse.of(id, limits, overrides)))
                .doOnNext(changed -> log.info("The platform operator ({}) changed the rate limits of organization {}: set {}, "
                        + "reset {}", operator.clientAddress(), changed.organizationId(), change.set(), change.reset()));
    }

    private Mono<OrganizationResponse> changeStatus(UUID id, String status, PlatformOperator operator) {
        return organizations.changeStatus(id, status)
                .flatMap(changed -> changes.changed(id).thenReturn(changed))
                .doOnNext(changed -> log.info("The platform operator ({}) set organization {} to {}",
                        operator.clientAddress(), changed.id(), changed.status()));
    }

    private Mono<RotatedKeysResponse> rotate(UUID id, PlatformOperator operator) {
        return keys.rotateAllKeys(id)
                .flatMap(issued -> changes.changed(id).thenReturn(RotatedKeysResponse.of(id, issued)))
                .doOnNext(rotated -> log.info("The platform operator ({}) rotated every key of organization {}",
                        operator.clientAddress(), rotated.organizationId()));
    }

    private Mono<CreatedOrganizationResponse> withOrganization(BootstrapResult created) {
        UUID id = Ids.parse("org", created.organizationId()).orElseThrow();
        return organizations.get(id).map(organization -> new CreatedOrganizationResponse(organization, OrganizationKeys.from(created)));
    }

    /**
     * The requested slug, or one made from the name ("Ada's Shop" → "ada-s-shop"); the organization's rules judge
     * either. A name that gives fewer than three usable characters needs an explicit slug.
     */
    private static String slugOf(CreateOrganizationRequest request) {
        if (request.slug() != null || request.name() == null) {
            return request.slug();
        }
        String ascii = Normalizer.normalize(request.name(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        if (slug.length() < 3) {
            throw ApiException.validation("slug", "Required: the name gives no usable slug (3 to 50 lowercase letters, "
                    + "digits and hyphens), so send one");
        }
        return slug;
    }
}
