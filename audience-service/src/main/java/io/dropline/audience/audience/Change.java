package io.dropline.audience.audience;

/** A field of a partial update: absent (leave as is), or present with a value (which may be null: clear it). */
record Change<T>(boolean present, T value) {

    private static final Change<?> ABSENT = new Change<>(false, null);

    @SuppressWarnings("unchecked")
    static <T> Change<T> absent() {
        return (Change<T>) ABSENT;
    }

    static <T> Change<T> of(T value) {
        return new Change<>(true, value);
    }
}
