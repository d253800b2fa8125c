package io.dropline.contracts.body;

import java.util.function.Function;

/**
 * One field of a request body as the client wrote it: absent, explicit {@code null}, a value, or a value of the
 * wrong JSON type. Absent and null differ on update (leave as is / clear it) and on create (default / refuse);
 * the wrong-type state lets binding go on, so the field's constraint reports it together with every other bad
 * field instead of the first type error stopping the read ({@link RequestBodies}).
 */
public final class Tristate<T> {

    private enum State { ABSENT, NULL, VALUE, WRONG_TYPE }

    private static final Tristate<?> ABSENT = new Tristate<>(State.ABSENT, null);
    private static final Tristate<?> NULL = new Tristate<>(State.NULL, null);
    private static final Tristate<?> WRONG_TYPE = new Tristate<>(State.WRONG_TYPE, null);

    private final State state;
    private final T value;
    /** For a wrong-typed nested object: an empty one, validated in its place so its required fields are reported too. */
    private final Object standIn;

    private Tristate(State state, T value) {
        this(state, value, null);
    }

    private Tristate(State state, T value, Object standIn) {
        this.state = state;
        this.value = value;
        this.standIn = standIn;
    }

    @SuppressWarnings("unchecked")
    public static <T> Tristate<T> absent() {
        return (Tristate<T>) ABSENT;
    }

    @SuppressWarnings("unchecked")
    public static <T> Tristate<T> ofNull() {
        return (Tristate<T>) NULL;
    }

    /** Present with {@code value}; a null {@code value} is an explicit null. */
    public static <T> Tristate<T> of(T value) {
        return value == null ? ofNull() : new Tristate<>(State.VALUE, value);
    }

    @SuppressWarnings("unchecked")
    static <T> Tristate<T> ofWrongType() {
        return (Tristate<T>) WRONG_TYPE;
    }

    static <T> Tristate<T> ofWrongType(Object standIn) {
        return new Tristate<>(State.WRONG_TYPE, null, standIn);
    }

    /** What Bean Validation cascades into: the value, or the stand-in of a wrong-typed nested object. */
    Object validated() {
        return value != null ? value : standIn;
    }

    /** Whether the body has the field at all (null and wrong-typed values included). */
    public boolean present() {
        return state != State.ABSENT;
    }

    public boolean isNull() {
        return state == State.NULL;
    }

    public boolean hasValue() {
        return state == State.VALUE;
    }

    /** The field holds a JSON value its type cannot take (a number for a string …): always a validation error. */
    public boolean wrongType() {
        return state == State.WRONG_TYPE;
    }

    /** The value; null when absent, null or wrong-typed. */
    public T value() {
        return value;
    }

    /** The value if the field is present (null included), else {@code current}. */
    public T or(T current) {
        return present() ? value : current;
    }

    /** The same presence with the value mapped (only a value is mapped; its mapping may be null). */
    public <U> Tristate<U> map(Function<? super T, ? extends U> mapping) {
        return state == State.VALUE ? of(mapping.apply(value)) : this.<U>cast();
    }

    @SuppressWarnings("unchecked")
    private <U> Tristate<U> cast() {
        return (Tristate<U>) this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tristate<?> that && state == that.state && java.util.Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(state, value);
    }

    @Override
    public String toString() {
        return state == State.VALUE ? "Tristate[" + value + "]" : "Tristate." + state;
    }
}
