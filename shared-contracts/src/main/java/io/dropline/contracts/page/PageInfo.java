package io.dropline.contracts.page;

/** Where a page sits in its list; a cursor is null when the page is empty. */
public record PageInfo(String startCursor, String endCursor, boolean hasNextPage, boolean hasPreviousPage) {
}
