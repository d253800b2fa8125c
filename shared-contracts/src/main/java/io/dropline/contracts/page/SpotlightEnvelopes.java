package io.dropline.contracts.page;

import java.util.List;

/** Spotlight success envelopes: {@code { "data": … }} and {@code { "data": { items, total, limit, offset } }}. */
public final class SpotlightEnvelopes {

    private SpotlightEnvelopes() {
    }

    public record Data<T>(T data) {
    }

    public record Items<T>(List<T> items, long total, int limit, long offset) {
    }

    public static <T> Data<T> data(T value) {
        return new Data<>(value);
    }

    public static <T> Data<Items<T>> list(List<T> items, long total, int limit, long offset) {
        return new Data<>(new Items<>(items, total, limit, offset));
    }
}
