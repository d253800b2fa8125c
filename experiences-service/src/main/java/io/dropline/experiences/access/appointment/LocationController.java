package io.dropline.experiences.access.appointment;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AdminSurface;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/locations}: the Admin API (secret key) of appointment locations. */
@RestController
@RequestMapping(path = "/api/v1/locations", produces = MediaType.APPLICATION_JSON_VALUE)
class LocationController {

    private final LocationService service;

    LocationController(LocationService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<LocationResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(admin(context), body);
    }

    @GetMapping
    Mono<ListResponse<LocationResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(admin(context), params);
    }

    @GetMapping("/{id}")
    Mono<LocationResponse> get(InternalContext context, @PathVariable String id) {
        return service.get(admin(context), id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<LocationResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(admin(context), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<LocationResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(admin(context), id);
    }

    private static InternalContext admin(InternalContext context) {
        return AdminSurface.require(context, AppointmentIds::locationNotFound);
    }
}
