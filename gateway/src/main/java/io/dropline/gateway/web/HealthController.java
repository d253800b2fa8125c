package io.dropline.gateway.web;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public {@code /health}: answers while the process serves requests. Dependency health (PostgreSQL, Redis)
 * lives on the management port's readiness probe, which is never exposed publicly.
 */
@RestController
class HealthController {

    @GetMapping("/health")
    Mono<Map<String, String>> health() {
        return Mono.just(Map.of("status", "ok"));
    }
}
