package io.dropline.gateway.organization;

import io.dropline.contracts.id.Ids;
import java.time.Instant;

/** An organization as its own keys see it. */
public record OrganizationResponse(String id, String name, String slug, String timeZone, String currencyCode,
        String countryCode, String languageCode, String logoUrl, String faviconUrl, String plan, String status,
        Instant createdAt, Instant updatedAt) {

    static OrganizationResponse from(OrganizationEntity entity) {
        return new OrganizationResponse(Ids.format("org", entity.id()), entity.name(), entity.slug(), entity.timeZone(),
                entity.currencyCode(), entity.countryCode(), entity.languageCode(), entity.logoUrl(),
                entity.faviconUrl(), entity.plan(), entity.status(), entity.createdAt(), entity.updatedAt());
    }
}
