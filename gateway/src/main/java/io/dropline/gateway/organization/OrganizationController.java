package io.dropline.gateway.organization;

import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.page.PageRequest;
import io.dropline.gateway.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's own organization; the tenant always comes from the credential. */
@RestController
class OrganizationController {

    private final OrganizationService organizations;

    OrganizationController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @Operation(summary = "The caller's organization")
    @GetMapping({"/api/v1/organizations/me", "/api/v1/organizations/current"})
    Mono<OrganizationResponse> me(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return organizations.current(caller.organizationId());
    }

    @Operation(summary = "Update the caller's organization (partial)")
    @PutMapping("/api/v1/organizations/me")
    Mono<OrganizationResponse> update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestBody UpdateOrganizationRequest request) {
        return organizations.update(caller.organizationId(), request);
    }

    @Operation(summary = "Users of the caller's organization")
    @GetMapping("/api/v1/organizations/me/users")
    Mono<ListResponse<OrganizationUserResponse>> users(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(required = false) String first, @RequestParam(required = false) String after,
            @RequestParam(required = false) String last, @RequestParam(required = false) String before) {
        return organizations.users(caller.organizationId(), PageRequest.of(first, after, last, before));
    }
}
