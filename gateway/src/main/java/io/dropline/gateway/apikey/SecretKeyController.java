package io.dropline.gateway.apikey;

import io.dropline.gateway.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class SecretKeyController {

    private final ApiKeyService keys;

    SecretKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @Operation(summary = "Rotate the secret key",
            description = "Issues a new secret key of the caller's environment, shown only in this response, and "
                    + "revokes the calling key. The old key stops working within the key cache TTL (5 s by default).")
    @PostMapping("/api/v1/organizations/secret-key/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<RotatedSecretKeyResponse> rotate(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return keys.rotateSecretKey(caller.key()).map(RotatedSecretKeyResponse::from);
    }
}
