package io.dropline.gateway.auth;

import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * What each Spotlight admin role may do on the Spotlight Admin API ({@code /v1/admin/**}), enforced at the edge for
 * routed and gateway-served paths alike:
 * <ul>
 *   <li>{@code viewer}: reads only (GET, HEAD);</li>
 *   <li>{@code editor}: reads, and writes under {@code /v1/admin/tours|content|themes} only (so not admin users, not
 *       the config or kill switch);</li>
 *   <li>{@code admin}, {@code owner}: everything (only an owner may make an owner: {@code AdminUserService}).</li>
 * </ul>
 * The editor's writes are an allow-list on the raw path, so an encoded or otherwise unusual spelling of a protected
 * path is refused rather than let through.
 */
public final class AdminRoles {

    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String EDITOR = "editor";
    public static final String VIEWER = "viewer";

    private static final Set<String> EDITOR_WRITES = Set.of("/v1/admin/tours", "/v1/admin/content", "/v1/admin/themes");

    private AdminRoles() {
    }

    public static boolean permits(String role, HttpMethod method, String path) {
        if (OWNER.equals(role) || ADMIN.equals(role)) {
            return true;
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        if (VIEWER.equals(role)) {
            return read;
        }
        if (EDITOR.equals(role)) {
            return read || EDITOR_WRITES.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
        }
        // Unknown role (never stored: the column is checked): nothing.
        return false;
    }
}
