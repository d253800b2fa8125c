package io.dropline.experiences.spotlight.targeting;

/**
 * The input of a regex match, with a step budget: java.util.regex backtracks, so a pathological pattern/input pair
 * could otherwise pin an event loop. Every character read costs one step; past the budget the match is abandoned
 * by an exception the caller turns into {@link SafeRegex.Outcome#UNKNOWN}. The counter is shared by the
 * sub-sequences the engine makes, and every read is also charged to the request's {@link SafeRegex.Budget}.
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
    private final SafeRegex.Budget request;

    BoundedCharSequence(CharSequence text, long budget, SafeRegex.Budget request) {
        this(text, new long[1], budget, request);
    }

    private BoundedCharSequence(CharSequence text, long[] steps, long budget, SafeRegex.Budget request) {
        this.text = text;
        this.steps = steps;
        this.budget = budget;
        this.request = request;
    }

    @Override
    public char charAt(int index) {
        if (++steps[0] > budget || !request.spend()) {
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
        return new BoundedCharSequence(text.subSequence(start, end), steps, budget, request);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
