package io.dropline.contracts.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every Dropline process shares.
 *
 * @param internalSecret          HMAC secret of the internal context header, shared by the gateway and all
 *                                services (at least 32 characters; from the environment in production)
 * @param cursorSecret            HMAC secret of list cursors (at least 32 characters)
 * @param requireInternalContext  whether this process demands the gateway's signed context on every request;
 *                                true for services, false for the gateway itself, which creates it
 * @param maxStringLength         longest JSON string value accepted, in characters
 * @param maxNestingDepth         deepest JSON nesting accepted
 */
@ConfigurationProperties("dropline.web")
public record DroplineWebProperties(
        String internalSecret,
        String cursorSecret,
        @DefaultValue("true") boolean requireInternalContext,
        Integer maxStringLength,
        Integer maxNestingDepth) {

    public DroplineWebProperties {
        maxStringLength = maxStringLength == null ? 65_536 : maxStringLength;
        maxNestingDepth = maxNestingDepth == null ? 32 : maxNestingDepth;
    }
}
