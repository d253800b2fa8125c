package io.dropline.gateway.bootstrap;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.apikey.IssuedKey;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.organization.OrganizationService;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates an organization and its live and test key pairs in one transaction: all of it or nothing. The bootstrap
 * CLI and the platform operator's API ({@code POST /platform/v1/organizations}) both create organizations here.
 */
@Service
public class BootstrapService {

    private final OrganizationService organizations;
    private final ApiKeyService keys;
    private final TransactionalOperator transactions;

    BootstrapService(OrganizationService organizations, ApiKeyService keys, TransactionalOperator transactions) {
        this.organizations = organizations;
        this.keys = keys;
        this.transactions = transactions;
    }

    public Mono<BootstrapResult> bootstrap(String name, String slug) {
        return organizations.create(name, slug)
                .flatMap(organizationId -> keys.issueInitialKeys(organizationId).collectList()
                        .map(issued -> result(organizationId, slug, issued)))
                .as(transactions::transactional);
    }

    private static BootstrapResult result(UUID organizationId, String slug, List<IssuedKey> issued) {
        return new BootstrapResult(Ids.format("org", organizationId), slug,
                plaintext(issued, KeyType.SECRET, Environment.LIVE), plaintext(issued, KeyType.PUBLISHABLE, Environment.LIVE),
                plaintext(issued, KeyType.SECRET, Environment.TEST), plaintext(issued, KeyType.PUBLISHABLE, Environment.TEST));
    }

    private static String plaintext(List<IssuedKey> issued, KeyType type, Environment environment) {
        return issued.stream()
                .filter(key -> key.type() == type && key.environment() == environment)
                .map(IssuedKey::plaintext)
                .findFirst()
                .orElseThrow();
    }
}
