package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.TimeZoneRule;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of an auction as one body states them (reference §5.7), shared by the create, nested and update
 * requests. Money fields are decimal strings ({@link MoneyRule}); date-times without an offset are read in the
 * auction's zone, else the experience's, else UTC, as a draw's are.
 */
interface AuctionFields {

    int MAX_NAME = 200;
    int MAX_JSON_CHARS = 16_384;
    int MAX_SECONDS = 7 * 24 * 3600;
    int MAX_QUANTITY = 1_000_000;
    String BOOLEAN = "Must be true or false";
    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> openAt();

    Tristate<String> closeAt();

    Tristate<String> settleAt();

    Tristate<Boolean> supportsGuest();

    Tristate<String> auctionType();

    Tristate<String> currencyCode();

    Tristate<String> reservePrice();

    Tristate<String> minBidIncrement();

    Tristate<Integer> autoExtendSeconds();

    Tristate<String> startPrice();

    Tristate<String> floorPrice();

    Tristate<String> priceDropAmount();

    Tristate<Integer> priceDropIntervalSeconds();

    Tristate<Integer> quantity();

    Tristate<ObjectNode> metadata();

    /** This body merged over {@code current}; fields that are not valid change nothing (their problem is reported). */
    default AuctionValues applyTo(AuctionValues current, String experienceZone) {
        String zoneName = timeZone().present() && !timeZone().wrongType()
                && (timeZone().value() == null || TimeZoneRule.validOrNull(timeZone()) != null)
                ? FieldRules.stripped(timeZone()).value() : current.timeZone();
        ZoneId zone = zoneName != null ? ZoneId.of(zoneName) : experienceZone != null ? ZoneId.of(experienceZone) : ZoneOffset.UTC;
        String type = validText(auctionType(), current.auctionType(), new AuctionTypeRule());
        return new AuctionValues(FieldRules.stripped(name()).or(current.name()), zoneName,
                moment(openAt(), current.openAt(), zone), moment(closeAt(), current.closeAt(), zone),
                moment(settleAt(), current.settleAt(), zone), valid(supportsGuest(), current.supportsGuest()),
                type == null ? AuctionValues.ENGLISH : type, validText(currencyCode(), current.currencyCode(), new CurrencyRule()),
                money(reservePrice(), current.reservePrice()), money(minBidIncrement(), current.minBidIncrement()),
                valid(autoExtendSeconds(), current.autoExtendSeconds()), money(startPrice(), current.startPrice()),
                money(floorPrice(), current.floorPrice()), money(priceDropAmount(), current.priceDropAmount()),
                valid(priceDropIntervalSeconds(), current.priceDropIntervalSeconds()),
                quantity().hasValue() ? quantity().value() : current.quantity(),
                FieldRules.jsonText(metadata()).or(current.metadataJson()));
    }

    /**
     * What is wrong with the auction these values describe, each at {@code prefix + field}: the order of its times and
     * the pricing its type needs (a Dutch auction needs startPrice, priceDropAmount, priceDropIntervalSeconds and a
     * floor not above the start; an English one sells one unit).
     */
    static List<FieldError> problems(AuctionValues values, String prefix) {
        List<FieldError> problems = new ArrayList<>();
        if (values.settleAt() == null) {
            problems.add(new FieldError(prefix + "settleAt", "Is required"));
        }
        if (values.openAt() != null && values.closeAt() != null && !values.closeAt().isAfter(values.openAt())) {
            problems.add(new FieldError(prefix + "closeAt", "Must be later than openAt"));
        }
        if (values.settleAt() != null && values.openAt() != null && !values.settleAt().isAfter(values.openAt())) {
            problems.add(new FieldError(prefix + "settleAt", "Must be later than openAt"));
        } else if (values.settleAt() != null && values.closeAt() != null && values.settleAt().isBefore(values.closeAt())) {
            problems.add(new FieldError(prefix + "settleAt", "Must not be earlier than closeAt"));
        }
        if (values.minBidIncrement() != null && values.minBidIncrement().signum() <= 0) {
            problems.add(new FieldError(prefix + "minBidIncrement", "Must be greater than 0"));
        }
        if (values.dutch()) {
            if (values.startPrice() == null) {
                problems.add(new FieldError(prefix + "startPrice", "Is required for a Dutch auction"));
            }
            if (values.priceDropAmount() == null) {
                problems.add(new FieldError(prefix + "priceDropAmount", "Is required for a Dutch auction"));
            } else if (values.priceDropAmount().signum() <= 0) {
                problems.add(new FieldError(prefix + "priceDropAmount", "Must be greater than 0"));
            }
            if (values.priceDropIntervalSeconds() == null) {
                problems.add(new FieldError(prefix + "priceDropIntervalSeconds", "Is required for a Dutch auction"));
            }
            if (values.floorPrice() != null && values.startPrice() != null && values.floorPrice().compareTo(values.startPrice()) > 0) {
                problems.add(new FieldError(prefix + "floorPrice", "Must not be above startPrice"));
            }
        } else if (values.quantity() != 1) {
            problems.add(new FieldError(prefix + "quantity", "An English auction sells one unit (quantity 1)"));
        }
        return problems;
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private static <T> T valid(Tristate<T> field, T current) {
        return field.present() && !field.wrongType() ? field.value() : current;
    }

    private static String validText(Tristate<String> field, String current, FieldRules.TextRule rule) {
        if (!field.hasValue()) {
            return field.isNull() ? null : current;
        }
        String text = field.value().strip();
        return rule.problem(text) == null ? text : current;
    }

    private static BigDecimal money(Tristate<String> field, BigDecimal current) {
        if (!field.present() || field.wrongType()) {
            return current;
        }
        if (field.value() == null) {
            return null;
        }
        BigDecimal parsed = MoneyRule.parse(field.value());
        return parsed != null ? parsed : current;
    }

    private static Instant moment(Tristate<String> field, Instant current, ZoneId zone) {
        if (!field.present() || field.wrongType()) {
            return current;
        }
        if (field.value() == null) {
            return null;
        }
        Instant parsed = parse(field.value(), zone);
        return parsed != null ? parsed : current;
    }

    private static Instant parse(String raw, ZoneId zone) {
        String text = raw.strip();
        try {
            OffsetDateTime absolute = OffsetDateTime.parse(text);
            return absolute.getYear() >= 1970 && absolute.getYear() <= 9999 ? absolute.toInstant() : null;
        } catch (DateTimeParseException notAbsolute) {
            try {
                LocalDateTime local = LocalDateTime.parse(text);
                return local.getYear() >= 1970 && local.getYear() <= 9999 ? local.atZone(zone).toInstant() : null;
            } catch (DateTimeException invalid) {
                return null;
            }
        }
    }
}
