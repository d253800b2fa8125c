package io.dropline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AdminRolesTest {

    private static final List<HttpMethod> WRITES = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    @Test
    void whenViewerThenReadsOnly() {
        for (String path : List.of("/v1/admin/tours", "/v1/admin/users", "/v1/admin/config", "/v1/admin/analytics/x")) {
            assertThat(AdminRoles.permits("viewer", HttpMethod.GET, path)).isTrue();
            assertThat(AdminRoles.permits("viewer", HttpMethod.HEAD, path)).isTrue();
            WRITES.forEach(method -> assertThat(AdminRoles.permits("viewer", method, path)).as(method + " " + path).isFalse());
        }
    }

    @Test
    void whenEditorThenWritesContentButNotUsersOrConfig() {
        for (String path : List.of("/v1/admin/tours", "/v1/admin/tours/t1", "/v1/admin/content/c1", "/v1/admin/themes")) {
            WRITES.forEach(method -> assertThat(AdminRoles.permits("editor", method, path)).as(method + " " + path).isTrue());
        }
        for (String path : List.of("/v1/admin/users", "/v1/admin/users/u1", "/v1/admin/config", "/v1/admin/config/circuit-breaker",
                "/v1/admin/%75sers", "/v1/admin//users", "/v1/admin/toursx")) {
            assertThat(AdminRoles.permits("editor", HttpMethod.GET, path)).isTrue();
            WRITES.forEach(method -> assertThat(AdminRoles.permits("editor", method, path)).as(method + " " + path).isFalse());
        }
    }

    @Test
    void whenAdminOrOwnerThenEverythingAndUnknownRolesNothing() {
        for (String role : List.of("admin", "owner")) {
            assertThat(AdminRoles.permits(role, HttpMethod.DELETE, "/v1/admin/users/u1")).isTrue();
            assertThat(AdminRoles.permits(role, HttpMethod.PUT, "/v1/admin/config")).isTrue();
        }
        assertThat(AdminRoles.permits(null, HttpMethod.GET, "/v1/admin/tours")).isFalse();
        assertThat(AdminRoles.permits("root", HttpMethod.GET, "/v1/admin/tours")).isFalse();
    }
}
