package io.dropline.gateway.platform;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /platform/v1/organizations}: the new organization's name and, optionally, its slug (else one is made
 * from the name). The rules are the organization's own ({@code OrganizationService.create}); unknown fields → 400.
 */
record CreateOrganizationRequest(@JsonProperty("name") String name, @JsonProperty("slug") String slug) {
}
