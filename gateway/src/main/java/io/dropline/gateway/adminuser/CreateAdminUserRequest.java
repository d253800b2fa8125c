package io.dropline.gateway.adminuser;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /v1/admin/users}: {@code user_id} (the JWT subject) and {@code email} required; role defaults to admin. */
public record CreateAdminUserRequest(
        @JsonProperty("user_id") String userId,
        @JsonProperty("email") String email,
        @JsonProperty("role") String role,
        @JsonProperty("name") String name) {
}
