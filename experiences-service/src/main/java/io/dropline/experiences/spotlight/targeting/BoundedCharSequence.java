package io.dropline.experiences.spotlight.targeting;

/**
 * The input of a regex match, with a step budget: java.util.regex backtracks, so a pathological pattern/input pair
 * could otherwise pin an event loop. Every character read costs one step; past the budget the match is abandoned
 * by an exception the caller turns into "no match". The counter is shared by the sub-sequences the engine makes.
 */
final class BoundedCharSequence implements CharSequence {

    /** Thrown when a match exceeded its budget; no stack trace, it is expected and cheap. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    private final CharSequence text;
    private final long[] steps;
    private final long budget;

    BoundedCharSequence(CharSequence text, long budget) {
        this(text, new long[1], budget);
    }

    private BoundedCharSequence(CharSequence text, long[] steps, long budget) {
        this.text = text;
        this.steps = steps;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (++steps[0] > budget) {
            throw new BudgetExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedCharSequence(text.subSequence(start, end), steps, budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
