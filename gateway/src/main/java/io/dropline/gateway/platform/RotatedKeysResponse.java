package io.dropline.gateway.platform;

import io.dropline.contracts.id.Ids;
import io.dropline.gateway.apikey.IssuedKey;
import java.util.List;
import java.util.UUID;

/** {@code POST /platform/v1/organizations/{org}/keys/rotate} → 201: the four new keys, shown this once; the old ones are revoked. */
record RotatedKeysResponse(String organizationId, OrganizationKeys keys) {

    static RotatedKeysResponse of(UUID organizationId, List<IssuedKey> issued) {
        return new RotatedKeysResponse(Ids.format("org", organizationId), OrganizationKeys.from(issued));
    }
}
