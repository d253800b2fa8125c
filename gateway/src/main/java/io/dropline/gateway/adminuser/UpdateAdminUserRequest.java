package io.dropline.gateway.adminuser;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code PUT /v1/admin/users/{user_id}}: a partial update; absent fields keep their value. */
public record UpdateAdminUserRequest(
        @JsonProperty("email") String email,
        @JsonProperty("role") String role,
        @JsonProperty("name") String name,
        @JsonProperty("status") String status) {
}
