package io.dropline.gateway.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bootstrap CLI's arguments ({@code --dropline.bootstrap.*}).
 *
 * @param organizationName name of the organization to create
 * @param slug             its slug (unique; an existing slug makes the command fail instead of duplicating)
 * @param output           file the JSON result (organization id and the four keys) is written to, readable by the
 *                         owner only; defaults to {@code dropline-bootstrap-<slug>.json} in the working directory.
 *                         The keys are never logged.
 */
@ConfigurationProperties("dropline.bootstrap")
public record BootstrapProperties(String organizationName, String slug, String output) {
}
