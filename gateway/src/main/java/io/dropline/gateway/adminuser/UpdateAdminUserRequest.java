package io.dropline.gateway.adminuser;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;

/** {@code PUT /v1/admin/users/{user_id}}: a partial update; absent (or null) fields keep their value. */
public record UpdateAdminUserRequest(
        @JsonProperty("email") @AdminUserRules.Email String email,
        @JsonProperty("name") @AdminUserRules.Name String name,
        @JsonProperty("role") @Pattern(regexp = AdminUserRules.ROLES, message = AdminUserRules.ROLE_MESSAGE) String role,
        @JsonProperty("status") @Pattern(regexp = AdminUserRules.STATUSES, message = "Must be active or disabled") String status) {
}
