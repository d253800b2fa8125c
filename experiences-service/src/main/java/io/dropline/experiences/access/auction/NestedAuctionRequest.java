package io.dropline.experiences.access.auction;

import io.dropline.contracts.error.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import tools.jackson.databind.node.ObjectNode;

/**
 * An auction of a nested create ({@code sequence.auctions} of {@code POST /experiences}, {@code auctions} of
 * {@code POST /sequences}); name and settleAt required. Inserted by {@link AuctionService#insertNested}.
 */
public record NestedAuctionRequest(
        @Required @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @Required @NotNullValue @DateTime Tristate<String> settleAt,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @NotNullValue @Text(max = 10, rule = AuctionTypeRule.class) Tristate<String> auctionType,
        @NotNullValue @Text(max = 3, rule = CurrencyRule.class) Tristate<String> currencyCode,
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> reservePrice,
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> minBidIncrement,
        @IntRange(min = 1, max = MAX_SECONDS, orNull = true) Tristate<Integer> autoExtendSeconds,
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> startPrice,
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> floorPrice,
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> priceDropAmount,
        @IntRange(min = 1, max = MAX_SECONDS, orNull = true) Tristate<Integer> priceDropIntervalSeconds,
        @NotNullValue @IntRange(min = 1, max = MAX_QUANTITY) Tristate<Integer> quantity,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata) implements AuctionFields {

    /** The cross-field problems of this nested auction at {@code prefix} ("sequence.auctions[0]."), if any. */
    public List<FieldError> problems(String experienceZone, String prefix, Instant now) {
        AuctionValues values = applyTo(AuctionValues.DEFAULTS, experienceZone);
        List<FieldError> problems = new ArrayList<>(AuctionFields.problems(values, prefix));
        if (values.settleAt() != null && !values.settleAt().isAfter(now)) {
            problems.add(new FieldError(prefix + "settleAt", "Must be in the future"));
        }
        return settleAt().hasValue() ? problems : List.of();
    }
}
