package io.dropline.contracts.testsupport;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import java.util.UUID;

/** Signed internal-context headers for calling a service directly in its own tests, as the gateway would. */
public final class TestContexts {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    private TestContexts() {
    }

    public static String admin(UUID organizationId, Environment environment) {
        return CODEC.sign(CODEC.create(organizationId, environment, ApiSurface.ADMIN,
                Principal.apiKey("key_test"), "req-" + UUID.randomUUID()));
    }

    public static String admin(UUID organizationId) {
        return admin(organizationId, Environment.LIVE);
    }
}
