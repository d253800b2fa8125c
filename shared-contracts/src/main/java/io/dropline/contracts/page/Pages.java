package io.dropline.contracts.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the rows of a keyset query into a list response. The query fetches {@code size + 1} rows in the
 * page's direction (descending order for a backward page); the extra row only says that more exist.
 */
public final class Pages {

    private Pages() {
    }

    public static <T, R> ListResponse<R> assemble(List<T> fetched, PageRequest request,
            Function<T, String> cursorOf, Function<T, R> toResponse) {
        boolean more = fetched.size() > request.size();
        List<T> rows = new ArrayList<>(more ? fetched.subList(0, request.size()) : fetched);
        if (request.backward()) {
            Collections.reverse(rows);
        }
        boolean hasNext = request.backward() ? request.cursor() != null : more;
        boolean hasPrevious = request.backward() ? more : request.cursor() != null;
        PageInfo info = rows.isEmpty()
                ? new PageInfo(null, null, hasNext, hasPrevious)
                : new PageInfo(cursorOf.apply(rows.get(0)), cursorOf.apply(rows.get(rows.size() - 1)), hasNext, hasPrevious);
        return new ListResponse<>(rows.stream().map(toResponse).toList(), info);
    }
}
