package io.dropline.experiences.spotlight.targeting;

import com.google.re2j.Pattern;
import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Inline audience rules (reference §10.2): a tree of groups {@code {op: and|or, conditions: [...], negate?}} and
 * conditions {@code {attribute, operator, value?, ci?}}, depth ≤ 4 and ≤ 50 conditions. Attributes are
 * {@code user.id}, {@code traits.<name>} (client-supplied, so untrusted) and {@code context.url|path|locale}.
 * A missing attribute makes every operator false except {@code not_exists}, so a missing value never lets someone
 * in by accident; a type mismatch is false too. Rules run only here, never in the browser.
 */
public final class AudienceRules {

    public static final int MAX_DEPTH = 4;
    public static final int MAX_CONDITIONS = 50;

    private static final Pattern ATTRIBUTE = Pattern.compile("user\\.id|traits\\.[A-Za-z0-9_.-]{1,64}|context\\.(url|path|locale)");
    private static final Set<String> GROUP_FIELDS = Set.of("op", "conditions", "negate");
    private static final Set<String> CONDITION_FIELDS = Set.of("attribute", "operator", "value", "ci");
    private static final Set<String> SCALAR_OPS = Set.of("eq", "neq");
    private static final Set<String> LIST_OPS = Set.of("in", "not_in");
    private static final Set<String> STRING_OPS = Set.of("contains", "not_contains", "starts_with", "ends_with", "matches");
    private static final Set<String> ORDER_OPS = Set.of("gt", "gte", "lt", "lte");
    private static final Set<String> UNARY_OPS = Set.of("exists", "not_exists", "is_true", "is_false");
    private static final Set<String> DAY_OPS = Set.of("within_last_days", "more_than_days_ago");

    private AudienceRules() {
    }

    /**
     * The attributes of one end user and page, by full attribute name, and the regex budget of the request evaluating
     * them (shared with its URL patterns).
     */
    public record Attributes(Map<String, JsonNode> values, SafeRegex.Budget budget) {

        /** With a budget of its own, for evaluating outside an eligibility request. */
        public Attributes(Map<String, JsonNode> values) {
            this(values, SafeRegex.Budget.perRequest());
        }

        JsonNode get(String attribute) {
            JsonNode value = values.get(attribute);
            return value == null || value.isNull() || value.isMissingNode() ? null : value;
        }
    }

    /** A compiled rule. */
    @FunctionalInterface
    public interface Rule {
        boolean test(Attributes attributes, Instant now);

        Rule EVERYONE = (attributes, now) -> true;
    }

    /** Validates a rule tree (JSON null = everyone); 400 for shape problems, 422 for rule violations. */
    public static void validate(JsonNode rule, String path) {
        if (rule == null || rule.isNull()) {
            return;
        }
        int[] conditions = {0};
        validateNode(rule, path, 1, conditions);
    }

    private static void validateNode(JsonNode node, String path, int depth, int[] conditions) {
        JsonInput.object(node, path);
        if (depth > MAX_DEPTH) {
            throw SpotlightErrors.unprocessable(path, "Audience rules may nest at most " + MAX_DEPTH + " levels");
        }
        if (node.has("op") || node.has("conditions")) {
            JsonInput.rejectUnknown(node, GROUP_FIELDS, path);
            String op = JsonInput.oneOf(required(node, "op", path), path + ".op", Set.of("and", "or"));
            JsonNode children = required(node, "conditions", path);
            if (!children.isArray()) {
                throw SpotlightErrors.badRequest(path + ".conditions", "Must be an array");
            }
            if (children.isEmpty() && op.equals("or")) {
                throw SpotlightErrors.unprocessable(path + ".conditions", "An 'or' group needs at least one condition");
            }
            if (JsonInput.has(node, "negate")) {
                JsonInput.bool(node.get("negate"), path + ".negate");
            }
            for (int i = 0; i < children.size(); i++) {
                validateNode(children.get(i), path + ".conditions[" + i + "]", depth + 1, conditions);
            }
            return;
        }
        JsonInput.rejectUnknown(node, CONDITION_FIELDS, path);
        if (++conditions[0] > MAX_CONDITIONS) {
            throw SpotlightErrors.unprocessable(path, "Audience rules may have at most " + MAX_CONDITIONS + " conditions");
        }
        String attribute = JsonInput.requiredString(node, "attribute", path, 80);
        if (!ATTRIBUTE.matcher(attribute).matches()) {
            throw SpotlightErrors.unprocessable(path + ".attribute", "Must be user.id, traits.<name> or context.url|path|locale");
        }
        String operator = JsonInput.requiredString(node, "operator", path, 40);
        if (JsonInput.has(node, "ci")) {
            JsonInput.bool(node.get("ci"), path + ".ci");
        }
        validateValue(operator, node.get("value"), path);
    }

    private static void validateValue(String operator, JsonNode value, String path) {
        String at = path + ".value";
        boolean present = value != null && !value.isNull();
        if (present) {
            JsonInput.portable(value, at);
        }
        if (SCALAR_OPS.contains(operator)) {
            requireThat(present && scalar(value), at, "Must be a string, number or boolean");
        } else if (LIST_OPS.contains(operator)) {
            requireThat(present && value.isArray() && !value.isEmpty() && value.size() <= 100, at, "Must be an array of 1 to 100 values");
            for (JsonNode element : value) {
                requireThat(scalar(element), at, "Must contain only strings, numbers or booleans");
            }
        } else if (STRING_OPS.contains(operator)) {
            requireThat(present && value.isString() && value.stringValue().length() <= 1024, at, "Must be a string of at most 1024 characters");
            if (operator.equals("matches")) {
                SafeRegex.compile(value.stringValue(), at);
            }
        } else if (ORDER_OPS.contains(operator)) {
            requireThat(present && (value.isNumber() || timestamp(value) != null), at, "Must be a number or an ISO-8601 timestamp");
        } else if (operator.equals("between")) {
            requireThat(present && value.isArray() && value.size() == 2
                    && (value.get(0).isNumber() && value.get(1).isNumber() || timestamp(value.get(0)) != null && timestamp(value.get(1)) != null),
                    at, "Must be [low, high] numbers or timestamps");
        } else if (UNARY_OPS.contains(operator)) {
            requireThat(!present, at, "Must be absent for " + operator);
        } else if (DAY_OPS.contains(operator)) {
            requireThat(present && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0 && value.intValue() <= 3650,
                    at, "Must be an integer from 0 to 3650");
        } else {
            throw SpotlightErrors.unprocessable(path + ".operator", "Unknown operator '" + operator + "'");
        }
    }

    private static JsonNode required(JsonNode node, String field, String path) {
        if (!JsonInput.has(node, field)) {
            throw SpotlightErrors.badRequest(path + "." + field, "Required");
        }
        return node.get(field);
    }

    private static void requireThat(boolean condition, String path, String message) {
        if (!condition) {
            throw SpotlightErrors.unprocessable(path, message);
        }
    }

    private static boolean scalar(JsonNode value) {
        return value.isString() || value.isNumber() || value.isBoolean();
    }

    private static Instant timestamp(JsonNode value) {
        if (value == null || !value.isString()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.stringValue()).toInstant();
        } catch (DateTimeException notATimestamp) {
            return null;
        }
    }

    /**
     * Compiles a validated tree. A {@code matches} its budget did not allow is false, and under {@code negate} (or
     * inside {@code not_…} logic) false could let someone in; so an answer that depended on an undecided match is no.
     */
    public static Rule compile(JsonNode rule) {
        if (rule == null || rule.isNull()) {
            return Rule.EVERYONE;
        }
        Rule tree = compileNode(rule);
        return (attributes, now) -> {
            int abandoned = attributes.budget().abandoned();
            return tree.test(attributes, now) && attributes.budget().abandoned() == abandoned;
        };
    }

    private static Rule compileNode(JsonNode rule) {
        if (rule.has("op")) {
            List<Rule> children = new ArrayList<>();
            rule.get("conditions").forEach(child -> children.add(compileNode(child)));
            boolean and = rule.get("op").stringValue().equals("and");
            boolean negate = rule.path("negate").booleanValue(false);
            List<Rule> all = List.copyOf(children);
            return (attributes, now) -> {
                boolean result = and ? all.stream().allMatch(r -> r.test(attributes, now))
                        : all.stream().anyMatch(r -> r.test(attributes, now));
                return negate != result;
            };
        }
        String attribute = rule.get("attribute").stringValue();
        String operator = rule.get("operator").stringValue();
        JsonNode expected = rule.get("value");
        boolean ci = rule.path("ci").booleanValue(false);
        Pattern regex = operator.equals("matches") ? SafeRegex.stored(expected.stringValue(), ci ? Pattern.CASE_INSENSITIVE : 0) : null;
        return (attributes, now) -> evaluate(operator, attributes.get(attribute), expected, ci, regex, attributes.budget(), now);
    }

    static boolean evaluate(String operator, JsonNode actual, JsonNode expected, boolean ci, Pattern regex, SafeRegex.Budget budget,
            Instant now) {
        if (operator.equals("not_exists")) {
            return actual == null;
        }
        if (actual == null) {
            return false;
        }
        return switch (operator) {
            case "exists" -> true;
            case "eq" -> same(actual, expected, ci);
            case "neq" -> !same(actual, expected, ci);
            case "in" -> anySame(actual, expected, ci);
            case "not_in" -> !anySame(actual, expected, ci);
            case "contains" -> actual.isArray() ? anySame(expected, actual, ci)
                    : actual.isString() && text(actual, ci).contains(text(expected, ci));
            case "not_contains" -> actual.isArray() ? !anySame(expected, actual, ci)
                    : actual.isString() && !text(actual, ci).contains(text(expected, ci));
            case "starts_with" -> actual.isString() && text(actual, ci).startsWith(text(expected, ci));
            case "ends_with" -> actual.isString() && text(actual, ci).endsWith(text(expected, ci));
            case "matches" -> actual.isString() && SafeRegex.find(regex, actual.stringValue(), budget) == SafeRegex.Outcome.MATCH;
            case "gt" -> ordered(actual, expected, order -> order > 0);
            case "gte" -> ordered(actual, expected, order -> order >= 0);
            case "lt" -> ordered(actual, expected, order -> order < 0);
            case "lte" -> ordered(actual, expected, order -> order <= 0);
            case "between" -> {
                int low = compare(actual, expected.get(0));
                int high = compare(actual, expected.get(1));
                yield low != NOT_COMPARABLE && high != NOT_COMPARABLE && low >= 0 && high <= 0;
            }
            case "is_true" -> actual.isBoolean() && actual.booleanValue();
            case "is_false" -> actual.isBoolean() && !actual.booleanValue();
            case "within_last_days" -> {
                Instant at = timestamp(actual);
                yield at != null && !at.isAfter(now) && !at.isBefore(now.minus(Duration.ofDays(expected.intValue())));
            }
            case "more_than_days_ago" -> {
                Instant at = timestamp(actual);
                yield at != null && at.isBefore(now.minus(Duration.ofDays(expected.intValue())));
            }
            default -> false;
        };
    }

    private static final int NOT_COMPARABLE = Integer.MIN_VALUE;

    private static boolean ordered(JsonNode actual, JsonNode expected, java.util.function.IntPredicate accept) {
        int order = compare(actual, expected);
        return order != NOT_COMPARABLE && accept.test(order);
    }

    /** Number vs number (finite ones: Infinity has no decimal value), or timestamp vs timestamp; anything else is not comparable. */
    private static int compare(JsonNode actual, JsonNode expected) {
        if (actual.isNumber() && expected.isNumber()) {
            if (!JsonInput.finite(actual) || !JsonInput.finite(expected)) {
                return NOT_COMPARABLE;
            }
            return Integer.signum(actual.decimalValue().compareTo(expected.decimalValue()));
        }
        Instant left = timestamp(actual);
        Instant right = timestamp(expected);
        return left != null && right != null ? left.compareTo(right) : NOT_COMPARABLE;
    }

    /** Strict JSON type equality, numbers by value. */
    private static boolean same(JsonNode actual, JsonNode expected, boolean ci) {
        if (actual.isNumber() && expected.isNumber()) {
            return JsonInput.finite(actual) && JsonInput.finite(expected) && actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        if (actual.isString() && expected.isString()) {
            return ci ? actual.stringValue().equalsIgnoreCase(expected.stringValue()) : actual.stringValue().equals(expected.stringValue());
        }
        return actual.isBoolean() && expected.isBoolean() && actual.booleanValue() == expected.booleanValue();
    }

    private static boolean anySame(JsonNode value, JsonNode candidates, boolean ci) {
        for (JsonNode candidate : candidates) {
            if (same(value, candidate, ci)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode value, boolean ci) {
        String text = value.isString() ? value.stringValue() : value.toString();
        return ci ? text.toLowerCase(Locale.ROOT) : text;
    }
}
