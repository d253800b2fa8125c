package io.dropline.experiences.access.queue;

/** A field of a request: absent (leave as is / default), or present with a value (which may be null: clear it). */
public record Change<T>(boolean present, T value) {

    private static final Change<?> ABSENT = new Change<>(false, null);

    @SuppressWarnings("unchecked")
    public static <T> Change<T> absent() {
        return (Change<T>) ABSENT;
    }

    public static <T> Change<T> of(T value) {
        return new Change<>(true, value);
    }

    public T or(T current) {
        return present ? value : current;
    }
}
