package io.dropline.gateway.platform;

import io.dropline.gateway.organization.OrganizationResponse;

/** {@code POST /platform/v1/organizations} → 201: the organization and its four keys, shown this once. */
record CreatedOrganizationResponse(OrganizationResponse organization, OrganizationKeys keys) {
}
