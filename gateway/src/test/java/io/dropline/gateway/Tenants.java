package io.dropline.gateway;

import io.dropline.contracts.context.Environment;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.apikey.IssuedKey;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.organization.OrganizationService;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** Creates organizations and their four keys through the gateway's own services, as the bootstrap CLI does. */
final class Tenants {

    record Tenant(UUID id, String slug, String liveSecret, String livePublishable, String testSecret,
            String testPublishable) {
    }

    private Tenants() {
    }

    static Tenant create(ApplicationContext context, String slug) {
        return create(context, slug, null);
    }

    /** @param rateLimits the organization's rate_limits override document, or null for none */
    static Tenant create(ApplicationContext context, String slug, String rateLimits) {
        OrganizationService organizations = context.getBean(OrganizationService.class);
        ApiKeyService keys = context.getBean(ApiKeyService.class);
        AtomicReference<UUID> id = new AtomicReference<>();
        StepVerifier.create(organizations.create("Org " + slug, slug)).consumeNextWith(id::set).verifyComplete();
        AtomicReference<List<IssuedKey>> issued = new AtomicReference<>();
        StepVerifier.create(keys.issueInitialKeys(id.get()).collectList()).consumeNextWith(issued::set).verifyComplete();
        if (rateLimits != null) {
            StepVerifier.create(context.getBean(DatabaseClient.class)
                            .sql("UPDATE organizations SET rate_limits = $1 WHERE id = $2")
                            .bind(0, Json.of(rateLimits)).bind(1, id.get()).fetch().rowsUpdated())
                    .expectNext(1L).verifyComplete();
        }
        return new Tenant(id.get(), slug, key(issued.get(), KeyType.SECRET, Environment.LIVE),
                key(issued.get(), KeyType.PUBLISHABLE, Environment.LIVE), key(issued.get(), KeyType.SECRET, Environment.TEST),
                key(issued.get(), KeyType.PUBLISHABLE, Environment.TEST));
    }

    static void execute(ApplicationContext context, String sql, Object... args) {
        DatabaseClient.GenericExecuteSpec spec = context.getBean(DatabaseClient.class).sql(sql);
        for (int i = 0; i < args.length; i++) {
            spec = spec.bind(i, args[i]);
        }
        StepVerifier.create(spec.fetch().rowsUpdated()).expectNextCount(1).verifyComplete();
    }

    private static String key(List<IssuedKey> issued, KeyType type, Environment environment) {
        return issued.stream().filter(k -> k.type() == type && k.environment() == environment)
                .map(IssuedKey::plaintext).findFirst().orElseThrow();
    }
}
