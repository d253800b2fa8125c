package io.dropline.commerce.catalog;

import io.dropline.commerce.common.Amounts;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A product as a shopper may see it, for experiences-service's consumer view of an experience
 * ({@code GET /internal/experiences/{id}/products}): only what a storefront shows (no inventory counters beyond
 * "how many can still be bought", no metadata, sync references or organization ids). A variant without its own price
 * sells at the product's price; {@code inventoryAvailable} is null for an untracked (unlimited) variant.
 */
record ExperienceProductView(String id, String name, String description, String url, String handle, Money price,
        String currencyCode, String sequenceId, int weight, boolean available, List<Variant> variants, List<Media> media) {

    record Variant(String id, String name, String sku, Money price, Money compareAtPrice, String currencyCode, JsonNode optionValues,
            boolean available, Integer inventoryAvailable) {

        static Variant of(VariantEntity variant, ProductEntity product) {
            Integer left = variant.available();
            return new Variant(Ids.format(CatalogIds.VARIANT, variant.id()), variant.name(), variant.sku(),
                    Amounts.money(variant.price() != null ? variant.price() : product.price()), Amounts.money(variant.compareAtPrice()),
                    variant.currencyCode() != null ? variant.currencyCode() : product.currencyCode(),
                    JsonMapper.shared().readTree(variant.optionValuesJson()), left == null || left > 0, left);
        }
    }

    record Media(String url, String type, String altText, String purpose, Integer width, Integer height) {

        static Media of(MediaEntity media) {
            return new Media(media.url(), media.type(), media.altText(), media.purpose(), media.width(), media.height());
        }
    }

    static ExperienceProductView of(ProductEntity product, UUID sequence, int weight, List<Variant> variants, List<Media> media) {
        // Checkout takes a variant: a product is available while one of its variants is (none: nothing to buy yet).
        boolean available = variants.stream().anyMatch(Variant::available);
        return new ExperienceProductView(Ids.format(CatalogIds.PRODUCT, product.id()), product.name(), product.description(), product.url(),
                product.handle(), Amounts.money(product.price()), product.currencyCode(), sequence == null ? null : Ids.format("seq", sequence),
                weight, available, variants, media);
    }
}
