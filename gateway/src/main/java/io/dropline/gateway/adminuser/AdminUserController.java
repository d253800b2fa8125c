package io.dropline.gateway.adminuser;

import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import io.dropline.contracts.page.SpotlightEnvelopes.Items;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.spotlight.AdminActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Spotlight admin users on the Spotlight Admin API ({@code /v1/admin/users}, {@code {"data": …}}) and on the secret
 * key's bootstrap path ({@code /api/v1/settings/spotlight/admin-users}, bare bodies), where the first admin is added.
 */
@RestController
class AdminUserController {

    private final AdminUserService users;

    /** Bodies arrive as JSON trees for the shared reader; the API document still shows the request records. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = CreateAdminUserRequest.class)))
    @interface CreateBody {
    }

    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = UpdateAdminUserRequest.class)))
    @interface UpdateBody {
    }

    AdminUserController(AdminUserService users) {
        this.users = users;
    }

    @GetMapping("/v1/admin/users")
    Mono<Data<Items<AdminUserResponse>>> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long offset) {
        return users.list(caller.organizationId(), caller.environment(), limit, offset).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/v1/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Data<AdminUserResponse>> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @CreateBody @RequestBody JsonNode body) {
        return users.create(AdminActor.of(caller, exchange), body).map(SpotlightEnvelopes::data);
    }

    @GetMapping("/v1/admin/users/{user_id}")
    Mono<Data<AdminUserResponse>> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable("user_id") String userId) {
        return users.get(caller.organizationId(), caller.environment(), userId).map(SpotlightEnvelopes::data);
    }

    @PutMapping("/v1/admin/users/{user_id}")
    Mono<Data<AdminUserResponse>> update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @PathVariable("user_id") String userId, @UpdateBody @RequestBody JsonNode body) {
        return users.update(AdminActor.of(caller, exchange), userId, body).map(SpotlightEnvelopes::data);
    }

    @DeleteMapping("/v1/admin/users/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @PathVariable("user_id") String userId) {
        return users.delete(AdminActor.of(caller, exchange), userId);
    }

    @Operation(summary = "Spotlight admin users of the key's environment ({items, total, limit, offset})")
    @GetMapping("/api/v1/settings/spotlight/admin-users")
    Mono<Items<AdminUserResponse>> bootstrapList(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long offset) {
        return users.list(caller.organizationId(), caller.environment(), limit, offset);
    }

    @Operation(summary = "Add a Spotlight admin user (the first one of a table_lookup tenant)")
    @PostMapping("/api/v1/settings/spotlight/admin-users")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AdminUserResponse> bootstrapCreate(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @CreateBody @RequestBody JsonNode body) {
        return users.create(AdminActor.of(caller, exchange), body);
    }

    @Operation(summary = "A Spotlight admin user")
    @GetMapping("/api/v1/settings/spotlight/admin-users/{user_id}")
    Mono<AdminUserResponse> bootstrapGet(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable("user_id") String userId) {
        return users.get(caller.organizationId(), caller.environment(), userId);
    }

    @Operation(summary = "Update a Spotlight admin user (partial)")
    @PutMapping("/api/v1/settings/spotlight/admin-users/{user_id}")
    Mono<AdminUserResponse> bootstrapUpdate(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @PathVariable("user_id") String userId, @UpdateBody @RequestBody JsonNode body) {
        return users.update(AdminActor.of(caller, exchange), userId, body);
    }

    @Operation(summary = "Remove a Spotlight admin user")
    @DeleteMapping("/api/v1/settings/spotlight/admin-users/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> bootstrapDelete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @PathVariable("user_id") String userId) {
        return users.delete(AdminActor.of(caller, exchange), userId);
    }
}
