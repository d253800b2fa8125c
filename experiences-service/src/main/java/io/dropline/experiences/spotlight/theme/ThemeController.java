package io.dropline.experiences.spotlight.theme;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import java.util.List;
import org.springframework.http.HttpStatus;
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

/** Spotlight Admin API: themes ({@code /v1/admin/themes}). Bodies are JSON trees so partial updates tell absent from null. */
@RestController
@RequestMapping(path = "/v1/admin/themes", produces = "application/json")
class ThemeController {

    private final ThemeService service;

    ThemeController(ThemeService service) {
        this.service = service;
    }

    @GetMapping
    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<ThemeResponse>>> list(InternalContext context,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String offset) {
        return service.list(context, limit, offset);
    }

    /** Mapped before {@code /{theme_id}}: a literal path segment wins over the template. */
    @GetMapping("/presets")
    Mono<SpotlightEnvelopes.Data<List<ThemeResponse>>> presets(InternalContext context) {
        return service.presets(context).map(SpotlightEnvelopes::data);
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SpotlightEnvelopes.Data<ThemeResponse>> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body).map(SpotlightEnvelopes::data);
    }

    @GetMapping("/{themeId}")
    Mono<SpotlightEnvelopes.Data<ThemeResponse>> get(InternalContext context, @PathVariable String themeId) {
        return service.get(context, themeId).map(SpotlightEnvelopes::data);
    }

    @PutMapping(path = "/{themeId}", consumes = "application/json")
    Mono<SpotlightEnvelopes.Data<ThemeResponse>> update(InternalContext context, @PathVariable String themeId, @RequestBody JsonNode body) {
        return service.update(context, themeId, body).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/{themeId}/set-default")
    Mono<SpotlightEnvelopes.Data<ThemeResponse>> setDefault(InternalContext context, @PathVariable String themeId) {
        return service.setDefault(context, themeId).map(SpotlightEnvelopes::data);
    }

    @DeleteMapping("/{themeId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(InternalContext context, @PathVariable String themeId) {
        return service.delete(context, themeId);
    }
}
