package io.dropline.gateway.adminuser;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A Spotlight admin user, as the API shows it. */
public record AdminUserResponse(
        @JsonProperty("user_id") String userId,
        @JsonProperty("email") String email,
        @JsonProperty("name") String name,
        @JsonProperty("role") String role,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
}
