package io.dropline.gateway;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    Tenant tenant;
    Tenant other;

    @BeforeAll
    void createTenants() {
        tenant = Tenants.create(context, "tenancy-shop");
        other = Tenants.create(context, "taken-slug");
    }

    @Test
    void whenGetMeThenOwnOrganizationWithPublicIdAndUtcTimestamps() {
        admin(client.get().uri("/api/v1/organizations/me")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(Ids.format("org", tenant.id()))
                .jsonPath("$.slug").isEqualTo("tenancy-shop")
                .jsonPath("$.createdAt").value(at -> org.assertj.core.api.Assertions.assertThat((String) at).endsWith("Z"));
    }

    @Test
    void whenPutMeWithValidFieldsThenOnlyThoseChange() {
        Tenant own = Tenants.create(context, "update-shop");
        client.put().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + own.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name":"Renamed 🎉","slug":"renamed-shop","timeZone":"Europe/Berlin","currencyCode":"EUR",
                         "countryCode":"DE","languageCode":"de","logoUrl":"https://cdn.example.com/logo.png"}""")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("Renamed 🎉")
                .jsonPath("$.slug").isEqualTo("renamed-shop")
                .jsonPath("$.timeZone").isEqualTo("Europe/Berlin")
                .jsonPath("$.currencyCode").isEqualTo("EUR")
                .jsonPath("$.faviconUrl").doesNotExist();
        client.put().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + own.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"countryCode\":\"AT\"}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Renamed 🎉").jsonPath("$.countryCode").isEqualTo("AT");
    }

    @Test
    void whenPutMeWithInvalidFieldsThen400WithOneDetailPerField() {
        put("""
                {"name":"","slug":"-bad-","timeZone":"Mars/Olympus","currencyCode":"EURO","countryCode":"XX",
                 "languageCode":"klingon","logoUrl":"http://insecure.example.com/a.png","faviconUrl":"javascript:alert(1)"}""")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details.length()").isEqualTo(8)
                .jsonPath("$.details[?(@.field == 'slug')]").exists()
                .jsonPath("$.details[?(@.field == 'logoUrl')]").exists()
                .jsonPath("$.requestId").isNotEmpty();
    }

    @Test
    void whenSlugBreaksARuleThen400() {
        for (String slug : new String[] {"ab", "a".repeat(51), "Upper", "double--hyphen", "admin", "www", "end-", "with space",
                "emoji🎉x"}) {
            put("{\"slug\":\"" + slug + "\"}").expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.details[0].field").isEqualTo("slug");
        }
    }

    @Test
    void whenSlugTakenThen400SlugAlreadyTaken() {
        put("{\"slug\":\"taken-slug\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Slug already taken")
                .jsonPath("$.details[0].field").isEqualTo("slug");
        admin(client.get().uri("/api/v1/organizations/me")).exchange().expectBody().jsonPath("$.slug").isEqualTo("tenancy-shop");
    }

    @Test
    void whenBodyIsBadThenClear4xxNever5xx() {
        put("{\"name\":\"x\",\"plan\":\"ENTERPRISE\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("plan")
                .jsonPath("$.details[0].message").isEqualTo("Unknown field");
        put("{\"name\":").expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Malformed JSON");
        put("{\"name\":42}").expectStatus().isBadRequest();
        put("[]").expectStatus().isBadRequest();
        put("{\"name\":\"" + "x".repeat(100_000) + "\"}").expectStatus().isEqualTo(413);
        admin(client.put().uri("/api/v1/organizations/me")).contentType(MediaType.TEXT_PLAIN).bodyValue("name=x")
                .exchange().expectStatus().isBadRequest();
        admin(client.put().uri("/api/v1/organizations/me")).contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest();
        admin(client.get().uri("/api/v1/organizations/me")).exchange().expectBody().jsonPath("$.name").isEqualTo("Org tenancy-shop");
    }

    @Test
    void whenListingUsersThenPagedByCursor() {
        for (int i = 0; i < 3; i++) {
            Tenants.execute(context, "INSERT INTO organization_users (id, organization_id, email, full_name, role) VALUES ($1, $2, $3, $4, 'admin')",
                    Ids.newUuid(), other.id(), "user" + i + "@example.com", "User " + i);
        }
        byte[] first = client.get().uri("/api/v1/organizations/me/users?first=2").header("Authorization", "Bearer " + other.liveSecret())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.data.length()").isEqualTo(2)
                .jsonPath("$.data[0].id").value(id -> org.assertj.core.api.Assertions.assertThat((String) id).startsWith("user_"))
                .jsonPath("$.data[0].email").isEqualTo("user0@example.com")
                .jsonPath("$.pageInfo.hasNextPage").isEqualTo(true)
                .returnResult().getResponseBody();
        String cursor = (String) tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(first, java.util.Map.class).get("pageInfo").toString().replaceAll(".*endCursor=([^,}]+).*", "$1");
        client.get().uri(uri -> uri.path("/api/v1/organizations/me/users").queryParam("first", 2).queryParam("after", cursor).build())
                .header("Authorization", "Bearer " + other.liveSecret())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.data.length()").isEqualTo(1).jsonPath("$.pageInfo.hasNextPage").isEqualTo(false);
        // Another tenant sees none of them.
        admin(client.get().uri("/api/v1/organizations/me/users")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.data.length()").isEqualTo(0);
        admin(client.get().uri("/api/v1/organizations/me/users?after=tampered")).exchange().expectStatus().isBadRequest();
        admin(client.get().uri("/api/v1/organizations/me/users?first=0")).exchange().expectStatus().isBadRequest();
    }

    @Test
    void whenSettingsUpdatedThenSecretsAreMaskedAndKept() {
        admin(client.get().uri("/api/v1/settings")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.notifications").doesNotExist();
        settings("""
                {"notifications":{"email":{"enabled":true,"fromName":"Shop","fromEmail":"drops@example.com","replyToEmail":"help@example.com"},
                                  "sms":{"enabled":false,"fromNumber":"+4915112345678"}},
                 "integrations":{"shopify":{"enabled":true,"shopDomain":"demo.myshopify.com","accessToken":"shpat_secret_0123456789"}}}""")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.notifications.email.fromEmail").isEqualTo("drops@example.com")
                .jsonPath("$.integrations.shopify.accessToken").isEqualTo("••••6789");
        // Echoing the masked value back keeps the stored secret; other parts stay as they were.
        settings("{\"integrations\":{\"shopify\":{\"enabled\":false,\"shopDomain\":\"demo.myshopify.com\",\"accessToken\":\"••••6789\"}}}")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.integrations.shopify.enabled").isEqualTo(false)
                .jsonPath("$.integrations.shopify.accessToken").isEqualTo("••••6789")
                .jsonPath("$.notifications.sms.fromNumber").isEqualTo("+4915112345678");
        admin(client.get().uri("/api/v1/settings")).exchange().expectBody()
                .jsonPath("$.integrations.shopify.accessToken").isEqualTo("••••6789");
    }

    @Test
    void whenSettingsInvalidThen400() {
        settings("{\"notifications\":{\"email\":{\"fromEmail\":\"not-an-email\"},\"sms\":{\"fromNumber\":\"12\"}}}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details.length()").isEqualTo(2);
        settings("{\"notifications\":{\"push\":{}}}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].message").isEqualTo("Unknown field");
        settings("{\"integrations\":{\"shopify\":{\"accessToken\":42}}}").expectStatus().isBadRequest();
    }

    @Test
    void whenPublicIdOfAnotherTenantIsGuessedThereIsNoRouteForIt() {
        admin(client.get().uri("/api/v1/organizations/" + Ids.format("org", UUID.randomUUID()))).exchange()
                .expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec put(String json) {
        return admin(client.put().uri("/api/v1/organizations/me")).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private WebTestClient.ResponseSpec settings(String json) {
        return admin(client.put().uri("/api/v1/settings")).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private <S extends WebTestClient.RequestHeadersSpec<?>> S admin(S spec) {
        spec.header("Authorization", "Bearer " + tenant.liveSecret());
        return spec;
    }
}
