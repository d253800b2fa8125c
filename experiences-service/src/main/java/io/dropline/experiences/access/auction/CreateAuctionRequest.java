package io.dropline.experiences.access.auction;

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

/** {@code POST /auctions}: under an existing sequence; name and settleAt required (§5.7). */
record CreateAuctionRequest(
        @Required @PublicId(prefix = "seq") Tristate<String> sequenceId,
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
}
