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
                Principal.apiKey("key_test"), "req-" + io.dropline.contracts.id.Ids.newUuid()));
    }

    /** A consumer (or guest) acting through the Consumer API with a publishable key and an access token. */
    public static String consumer(UUID organizationId, Environment environment, UUID consumerId, boolean guest) {
        String id = io.dropline.contracts.id.Ids.format("cons", consumerId);
        return CODEC.sign(CODEC.create(organizationId, environment, ApiSurface.CONSUMER,
                guest ? Principal.guest(id, "key_pk") : Principal.consumer(id, "key_pk"), "req-" + io.dropline.contracts.id.Ids.newUuid()));
    }

    public static String consumer(UUID organizationId, UUID consumerId) {
        return consumer(organizationId, Environment.LIVE, consumerId, false);
    }

    public static String admin(UUID organizationId) {
        return admin(organizationId, Environment.LIVE);
    }
}
