package io.dropline.experiences.spotlight.targeting;

import io.dropline.experiences.spotlight.SpotlightErrors;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Admin-supplied regular expressions (URL patterns, the audience {@code matches} operator). The reference asks for
 * RE2 semantics (linear time); java.util.regex backtracks, so the two layers together stand in for it: at save time
 * a pattern must compile, be at most 256 characters and use none of the constructs that make backtracking explode
 * or RE2 refuse (back-references, look-around, a repeated group that itself repeats such as {@code (a+)+}, huge
 * counted repeats); at match time every search runs on a {@link BoundedCharSequence} with a step budget, which
 * catches what the static check cannot see (e.g. {@code .*a.*a.*b}, polynomial in the input).
 *
 * <p>Two budgets apply: one per match, and one {@link Budget} shared by every match of one eligibility request, so
 * fifty items of fifty patterns each cannot add up to seconds of CPU. A match that runs out of either is
 * {@link Outcome#UNKNOWN}, never "no match": callers decide which way unknown fails (always closed).
 */
public final class SafeRegex {

    public static final int MAX_LENGTH = 256;
    private static final int MAX_REPEAT = 1000;
    /** Enough for any sane pattern on a 2 KiB URL; orders of magnitude below a catastrophic run. */
    private static final long MATCH_BUDGET = 100_000;
    /** Character reads for all matches of one eligibility request together: about ten abandoned matches' worth. */
    public static final long REQUEST_BUDGET = 1_000_000;

    private SafeRegex() {
    }

    /** The answer of a bounded match; {@code UNKNOWN} when a budget ran out before the engine could decide. */
    public enum Outcome { MATCH, NO_MATCH, UNKNOWN }

    /**
     * Character reads left for one eligibility request, shared by all its matches; also counts the matches it cut
     * short, so a caller can tell that an answer depended on one. Mutable and not thread-safe: one request evaluates
     * its items sequentially, and each request makes its own.
     */
    public static final class Budget {

        private long remaining;
        private int abandoned;

        private Budget(long steps) {
            this.remaining = steps;
        }

        public static Budget perRequest() {
            return new Budget(REQUEST_BUDGET);
        }

        /** One character read; false when none are left. */
        boolean spend() {
            return remaining-- > 0;
        }

        public boolean exhausted() {
            return remaining <= 0;
        }

        /** How many matches ended {@link Outcome#UNKNOWN} so far. */
        public int abandoned() {
            return abandoned;
        }
    }

    /** Checks and compiles; 422 naming {@code path} when the pattern is invalid or unsafe. */
    public static Pattern compile(String pattern, String path) {
        if (pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
            throw SpotlightErrors.unprocessable(path, "Regex must be 1 to " + MAX_LENGTH + " characters");
        }
        String problem = unsafeConstruct(pattern);
        if (problem != null) {
            throw SpotlightErrors.unprocessable(path, "Unsafe regex: " + problem);
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException invalid) {
            throw SpotlightErrors.unprocessable(path, "Invalid regex: " + invalid.getDescription());
        }
    }

    /** A search (unanchored unless the pattern anchors itself). */
    public static Outcome find(Pattern pattern, CharSequence input, Budget budget) {
        return bounded(budget, () -> pattern.matcher(new BoundedCharSequence(input, MATCH_BUDGET, budget)).find());
    }

    /** A whole-input match. */
    public static Outcome matches(Pattern pattern, CharSequence input, Budget budget) {
        return bounded(budget, () -> pattern.matcher(new BoundedCharSequence(input, MATCH_BUDGET, budget)).matches());
    }

    private static Outcome bounded(Budget budget, java.util.function.BooleanSupplier match) {
        if (!budget.exhausted()) {
            try {
                return match.getAsBoolean() ? Outcome.MATCH : Outcome.NO_MATCH;
            } catch (BoundedCharSequence.BudgetExceeded | StackOverflowError exhausted) {
                // abandoned: counted below
            }
        }
        budget.abandoned++;
        return Outcome.UNKNOWN;
    }

    /** The first unsafe construct found, or null. */
    static String unsafeConstruct(String p) {
        // \Q…\E makes its content literal, so the scan below would read quoted parentheses as groups and miss the
        // real structure (e.g. (\Q)\E?a+)+ is a nested quantifier); escaping with \ says the same thing.
        for (int i = 0; i + 1 < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                char next = p.charAt(++i);
                if (next == 'Q' || next == 'E') {
                    return "\\Q…\\E quoting is not allowed; escape each special character with \\ instead";
                }
            }
        }
        if (p.matches("(?s).*\\\\[1-9].*") || p.contains("\\k<")) {
            return "back-references are not allowed";
        }
        if (p.contains("(?=") || p.contains("(?!") || p.contains("(?<=") || p.contains("(?<!")) {
            return "look-around is not allowed";
        }
        // Per open group: whether something inside it repeats.
        Deque<boolean[]> groups = new ArrayDeque<>();
        boolean previousWasRepeatingGroup = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
                previousWasRepeatingGroup = false;
            } else if (c == '[') {
                i = endOfClass(p, i);
                previousWasRepeatingGroup = false;
            } else if (c == '(') {
                groups.push(new boolean[] {false});
                previousWasRepeatingGroup = false;
            } else if (c == ')') {
                boolean repeats = !groups.isEmpty() && groups.pop()[0];
                previousWasRepeatingGroup = repeats;
                if (repeats && !groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
            } else if (c == '*' || c == '+' || c == '{') {
                int end = c == '{' ? p.indexOf('}', i) : i;
                if (c == '{' && end < 0) {
                    return null; // not a quantifier; compile() reports real syntax errors
                }
                boolean repeating = c != '{' || countedRepeats(p.substring(i + 1, end));
                if (c == '{' && exceedsRepeatLimit(p.substring(i + 1, end))) {
                    return "counted repeats above " + MAX_REPEAT + " are not allowed";
                }
                if (repeating && previousWasRepeatingGroup) {
                    return "nested quantifiers such as (a+)+ are not allowed";
                }
                if (repeating && !groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
                i = end;
                if (i + 1 < p.length() && (p.charAt(i + 1) == '?' || p.charAt(i + 1) == '+')) {
                    i++;
                }
                previousWasRepeatingGroup = false;
            } else {
                previousWasRepeatingGroup = false;
            }
        }
        return null;
    }

    private static int endOfClass(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return p.length();
    }

    /** {@code {n}} repeats only when n > 1; {@code {n,}} always; {@code {n,m}} when m > 1. */
    private static boolean countedRepeats(String inside) {
        String[] parts = inside.split(",", -1);
        try {
            if (parts.length == 1) {
                return Integer.parseInt(parts[0].trim()) > 1;
            }
            return parts[1].isBlank() || Integer.parseInt(parts[1].trim()) > 1;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static boolean exceedsRepeatLimit(String inside) {
        for (String part : inside.split(",", -1)) {
            String digits = part.trim();
            if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)
                    && (digits.length() > 6 || Integer.parseInt(digits) > MAX_REPEAT)) {
                return true;
            }
        }
        return false;
    }
}
