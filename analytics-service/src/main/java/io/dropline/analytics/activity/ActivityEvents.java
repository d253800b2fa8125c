package io.dropline.analytics.activity;

import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.EventSubscription;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** analytics-service's interest in admin writes: every service's admin.activity events become the activity log. */
@Configuration(proxyBeanMethods = false)
class ActivityEvents {

    static final String SUBSCRIPTION = "analytics-admin-activity";

    @Bean
    EventSubscription adminActivitySubscription(ActivityRecorder recorder) {
        return new EventSubscription(SUBSCRIPTION, Set.of(EventTypes.ADMIN_ACTIVITY), recorder::record);
    }
}
