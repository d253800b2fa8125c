package io.dropline.commerce.catalog;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Public ids of the catalogue. A malformed id is answered exactly like an unknown one (404). */
public final class CatalogIds {

    public static final String PRODUCT = "prod";
    public static final String VARIANT = "var";
    public static final String RESERVATION = "resv";
    public static final String MEDIA = "media";
    public static final String OPTION = "opt";
    public static final String OPTION_VALUE = "optval";
    public static final String SYNC_SOURCE = "sync";
    public static final String EXPERIENCE = "exp";

    private CatalogIds() {
    }

    public static UUID product(String id) {
        return Ids.parse(PRODUCT, id).orElseThrow(CatalogIds::productNotFound);
    }

    public static UUID variant(String id) {
        return Ids.parse(VARIANT, id).orElseThrow(CatalogIds::variantNotFound);
    }

    public static ApiException productNotFound() {
        return ApiException.notFound("Product");
    }

    public static ApiException variantNotFound() {
        return ApiException.notFound("Variant");
    }

    public static ApiException reservationNotFound() {
        return ApiException.notFound("Reservation");
    }
}
