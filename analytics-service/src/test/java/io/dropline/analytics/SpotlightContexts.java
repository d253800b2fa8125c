package io.dropline.analytics;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.UUID;

/** Signed contexts of the two Spotlight surfaces, as the gateway makes them. */
public final class SpotlightContexts {

    public static final String ADMIN_USER = "auth0|user_789";
    public static final String ADMIN_KEY = "key_sk_admin";
    public static final String SDK_KEY = "key_pk_sdk";

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    private SpotlightContexts() {
    }

    public static InternalContext adminContext(UUID organizationId, Environment environment) {
        return CODEC.create(organizationId, environment, ApiSurface.SPOTLIGHT_ADMIN,
                Principal.adminUser(ADMIN_USER, ADMIN_KEY), "req-" + Ids.newUuid());
    }

    public static String admin(UUID organizationId, Environment environment) {
        return CODEC.sign(adminContext(organizationId, environment));
    }

    public static String admin(UUID organizationId) {
        return admin(organizationId, Environment.LIVE);
    }

    public static String sdk(UUID organizationId, Environment environment) {
        return CODEC.sign(CODEC.create(organizationId, environment, ApiSurface.SDK, Principal.apiKey(SDK_KEY),
                "req-" + Ids.newUuid()));
    }

    public static String sdk(UUID organizationId) {
        return sdk(organizationId, Environment.LIVE);
    }

    /** A context of another surface (the Fanfare Admin API's secret key). */
    public static String fanfareAdmin(UUID organizationId) {
        return CODEC.sign(CODEC.create(organizationId, Environment.LIVE, ApiSurface.ADMIN, Principal.apiKey("key_test"),
                "req-" + Ids.newUuid()));
    }
}
