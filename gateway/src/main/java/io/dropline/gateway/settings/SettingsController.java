package io.dropline.gateway.settings;

import io.dropline.gateway.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class SettingsController {

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @Operation(summary = "The organization's settings (secrets masked)")
    @GetMapping("/api/v1/settings")
    Mono<SettingsResponse> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return settings.get(caller.organizationId());
    }

    @Operation(summary = "Update the organization's settings (partial; masked secrets are kept)")
    @PutMapping("/api/v1/settings")
    Mono<SettingsResponse> update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestBody SettingsDocument changes) {
        return settings.update(caller.organizationId(), changes);
    }
}
