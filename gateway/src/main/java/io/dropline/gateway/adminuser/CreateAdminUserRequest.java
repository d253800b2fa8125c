package io.dropline.gateway.adminuser;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /v1/admin/users}: {@code user_id} (the JWT subject) and {@code email} required; role defaults to admin. */
public record CreateAdminUserRequest(
        @JsonProperty("user_id") @AdminUserRules.UserId String userId,
        @JsonProperty("email") @NotNull(message = "Required") @AdminUserRules.Email String email,
        @JsonProperty("name") @AdminUserRules.Name String name,
        @JsonProperty("role") @Pattern(regexp = AdminUserRules.ROLES, message = AdminUserRules.ROLE_MESSAGE) String role) {

    /** The role to create with: the one given, else admin. */
    String roleOrDefault() {
        return role == null ? "admin" : role;
    }
}
