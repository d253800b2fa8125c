package io.dropline.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostedPagesControllerTest {

    @Test
    void aCheckoutUrlMustBeHttpsOrLoopbackHttpWithoutUserInfo() {
        assertThat(HostedPagesController.checkoutOrigin("https://Shop.Example/checkout?cart=1")).isEqualTo("https://shop.example");
        assertThat(HostedPagesController.checkoutOrigin("https://shop.example:443/c")).isEqualTo("https://shop.example");
        assertThat(HostedPagesController.checkoutOrigin("https://shop.example:8443/c")).isEqualTo("https://shop.example:8443");
        assertThat(HostedPagesController.checkoutOrigin("http://127.0.0.1:9000/checkout")).isEqualTo("http://127.0.0.1:9000");
        assertThat(HostedPagesController.checkoutOrigin("http://localhost/checkout")).isEqualTo("http://localhost");
        assertThat(HostedPagesController.checkoutOrigin("http://shop.example/checkout")).isNull();
        assertThat(HostedPagesController.checkoutOrigin("javascript:alert(1)")).isNull();
        assertThat(HostedPagesController.checkoutOrigin("//evil.example/x")).isNull();
        assertThat(HostedPagesController.checkoutOrigin("/relative")).isNull();
        assertThat(HostedPagesController.checkoutOrigin("https://user@shop.example/")).isNull();
        assertThat(HostedPagesController.checkoutOrigin("https://shop.example/\n")).isNull();
        assertThat(HostedPagesController.checkoutOrigin("https://shop.example/" + "a".repeat(2000))).isNull();
    }
}
