package io.dropline.analytics.query;

import io.dropline.contracts.context.InternalContext;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/analytics/query} (Admin API, reference §9): either documented format, recognised by its fields. */
@RestController
class QueryController {

    private final QueryService service;

    QueryController(QueryService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v1/analytics/query", consumes = "application/json", produces = "application/json")
    Mono<Map<String, Object>> query(InternalContext context, @RequestBody JsonNode body) {
        return service.query(context, body);
    }
}
