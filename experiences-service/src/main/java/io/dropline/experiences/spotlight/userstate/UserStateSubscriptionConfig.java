package io.dropline.experiences.spotlight.userstate;

import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.EventSubscription;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Subscribes the user-state fold to the event bus (the service's stream consumer delivers at least once). */
@Configuration(proxyBeanMethods = false)
class UserStateSubscriptionConfig {

    @Bean
    EventSubscription spotlightUserStateSubscription(UserStateFolder folder) {
        return new EventSubscription("spotlight-user-state", Set.of(EventTypes.SDK_EVENT), folder::fold);
    }
}
