package io.dropline.contracts.page;

import java.util.List;
import java.util.function.Function;

/** The Fanfare list envelope: {@code { "data": [...], "pageInfo": {...} }}. */
public record ListResponse<T>(List<T> data, PageInfo pageInfo) {

    public <R> ListResponse<R> map(Function<? super T, ? extends R> mapper) {
        return new ListResponse<>(data.stream().<R>map(mapper).toList(), pageInfo);
    }
}
