package io.dropline.commerce.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Product-feed fetches ({@code dropline.commerce.feeds.*}).
 *
 * @param timeout           bound on each hop's connect and response, and (twice it) on the whole fetch
 * @param maxBytes          largest feed body read
 * @param maxRedirects      redirects followed, each one checked by the SSRF guard again
 * @param maxItems          products read from one feed
 * @param allowPrivateHosts lets http and private addresses through: tests and local development only
 */
@ConfigurationProperties(prefix = "dropline.commerce.feeds")
record FeedProperties(Duration timeout, Integer maxBytes, Integer maxRedirects, Integer maxItems, Boolean allowPrivateHosts) {

    FeedProperties {
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        maxBytes = maxBytes == null ? 5 * 1024 * 1024 : maxBytes;
        maxRedirects = maxRedirects == null ? 3 : maxRedirects;
        maxItems = maxItems == null ? 10_000 : maxItems;
        allowPrivateHosts = allowPrivateHosts != null && allowPrivateHosts;
    }
}
