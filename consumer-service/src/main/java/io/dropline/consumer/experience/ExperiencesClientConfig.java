package io.dropline.consumer.experience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link ExperiencesProperties} (this service has no properties scan; see config.SessionConfig). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExperiencesProperties.class)
class ExperiencesClientConfig {
}
