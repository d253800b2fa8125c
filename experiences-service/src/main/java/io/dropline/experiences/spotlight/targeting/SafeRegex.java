package io.dropline.experiences.spotlight.targeting;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.dropline.experiences.spotlight.SpotlightErrors;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * Admin-supplied regular expressions (URL patterns, the audience {@code matches} operator), compiled and matched by
 * RE2/J: the RE2 semantics the Spotlight reference asks for, linear in the input, so no pattern/input pair can
 * backtrack its way into seconds of CPU on an event loop.
 *
 * <p>At save time a pattern must be 1 to 256 characters, pass the checks this API has always applied (no
 * back-references, no look-around, no {@code \Q…\E}, no repeated group that itself repeats such as {@code (a+)+},
 * no counted repeat above 1000) and compile under RE2/J. Under RE2 the nested quantifiers are harmless, but they stay
 * refused so that what was refused before still is, with the same answer; what RE2 cannot compile (possessive
 * {@code a++}, atomic groups, Java-only classes) is refused too. Every refusal is a 422 naming the field.
 *
 * <p>Budgets: RE2 does at most (input length + 1) × program size steps for one match (each input position through
 * each instruction once), and every match is charged that bound before it runs, so nothing ever has to be
 * interrupted. A match whose bound exceeds {@link #MATCH_BUDGET} is not run; one {@link Budget} shared by every match
 * of one eligibility request caps the total, so fifty items of fifty patterns each cannot add up to seconds of CPU.
 * A match that is not run is {@link Outcome#UNKNOWN}, never "no match": callers decide which way unknown fails
 * (always closed).
 */
public final class SafeRegex {

    public static final int MAX_LENGTH = 256;
    private static final int MAX_REPEAT = 1000;
    /**
     * Steps for one match: room for the longest glob (512 characters, about as many instructions) on the longest URL
     * (2 KiB); a sane regex on a real URL needs a few thousand.
     */
    static final long MATCH_BUDGET = 2_000_000;
    /** Steps for all matches of one eligibility request together: four matches at the per-match limit. */
    public static final long REQUEST_BUDGET = 4 * MATCH_BUDGET;

    private SafeRegex() {
    }

    /** The answer of a budgeted match; {@code UNKNOWN} when a budget did not allow it to run. */
    public enum Outcome { MATCH, NO_MATCH, UNKNOWN }

    /**
     * RE2 steps left for one eligibility request, shared by all its matches; also counts the matches it did not run,
     * so a caller can tell that an answer depended on one. Mutable and not thread-safe: one request evaluates its
     * items sequentially, and each request makes its own.
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

        /** Takes {@code steps} if they are all left; otherwise takes what is left (the request is then spent). */
        private boolean take(long steps) {
            if (steps > remaining) {
                remaining = 0;
                return false;
            }
            remaining -= steps;
            return true;
        }

        public boolean exhausted() {
            return remaining <= 0;
        }

        /** How many matches ended {@link Outcome#UNKNOWN} so far. */
        public int abandoned() {
            return abandoned;
        }
    }

    /** Checks and compiles; 422 naming {@code path} when the pattern is invalid or refused. */
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

    /**
     * A stored pattern (validated when it was saved), or null when RE2 cannot compile it: a pattern saved before the
     * switch to RE2 that only java.util.regex understood. Matching null is always {@link Outcome#UNKNOWN}, so such an
     * item fails closed instead of failing the request.
     */
    public static Pattern stored(String pattern, int flags) {
        try {
            return Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException notRe2) {
            return null;
        }
    }

    /** A search (unanchored unless the pattern anchors itself). */
    public static Outcome find(Pattern pattern, CharSequence input, Budget budget) {
        return budgeted(pattern, input, budget, Matcher::find);
    }

    /** A whole-input match. */
    public static Outcome matches(Pattern pattern, CharSequence input, Budget budget) {
        return budgeted(pattern, input, budget, Matcher::matches);
    }

    private static Outcome budgeted(Pattern pattern, CharSequence input, Budget budget, Predicate<Matcher> match) {
        if (pattern != null && !budget.exhausted()) {
            long steps = (input.length() + 1L) * pattern.programSize();
            if (steps > MATCH_BUDGET) {
                // Not run, but charged its limit: a request of such inputs is cut off after four of them.
                budget.take(MATCH_BUDGET);
            } else if (budget.take(steps)) {
                return match.test(pattern.matcher(input)) ? Outcome.MATCH : Outcome.NO_MATCH;
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
