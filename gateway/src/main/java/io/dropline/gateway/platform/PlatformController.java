package io.dropline.gateway.platform;

import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.page.PageRequest;
import io.dropline.gateway.organization.OrganizationResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The platform operator's API (docs/adr/0021), {@code Authorization: Bearer <platform token>} only. An organization
 * is named by its id ({@code org_…}) or its slug. Not in the merchants' API documents: it is not their surface.
 */
@RestController
@RequestMapping("/platform/v1/organizations")
class PlatformController {

    private final PlatformService platform;

    PlatformController(PlatformService platform) {
        this.platform = platform;
    }

    /** Every organization, oldest first ({@code first}/{@code after}, {@code last}/{@code before}). */
    @GetMapping
    Mono<ListResponse<OrganizationResponse>> list(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @RequestParam(required = false) String first, @RequestParam(required = false) String after,
            @RequestParam(required = false) String last, @RequestParam(required = false) String before) {
        return platform.list(PageRequest.of(first, after, last, before));
    }

    /** A new organization with a live and a test key pair, shown in this answer only. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CreatedOrganizationResponse> create(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @RequestBody JsonNode body) {
        return platform.create(body, operator);
    }

    @GetMapping("/{organization}")
    Mono<OrganizationResponse> get(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @PathVariable String organization) {
        return platform.get(organization);
    }

    /** Status INACTIVE: every key of the organization is refused (401), on every replica within the key cache bound. */
    @PostMapping("/{organization}/suspend")
    Mono<OrganizationResponse> suspend(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @PathVariable String organization) {
        return platform.suspend(organization, operator);
    }

    /** Status ACTIVE again: its keys that were not rotated away work again. */
    @PostMapping("/{organization}/reactivate")
    Mono<OrganizationResponse> reactivate(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @PathVariable String organization) {
        return platform.reactivate(organization, operator);
    }

    /** Four new keys (shown once); every previous key of the organization is revoked. */
    @PostMapping("/{organization}/keys/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<RotatedKeysResponse> rotateKeys(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @PathVariable String organization) {
        return platform.rotateKeys(organization, operator);
    }

    @GetMapping("/{organization}/rate-limits")
    Mono<RateLimitsResponse> rateLimits(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @PathVariable String organization) {
        return platform.rateLimits(organization);
    }

    /** A partial change: {@code {"read": 5000, "queue_entry": {"perMinute": 6000, "burst": 500}, "write": null}}. */
    @PutMapping("/{organization}/rate-limits")
    Mono<RateLimitsResponse> changeRateLimits(@RequestAttribute(PlatformOperator.ATTRIBUTE) PlatformOperator operator,
            @PathVariable String organization, @RequestBody JsonNode body) {
        return platform.changeRateLimits(organization, body, operator);
    }
}
