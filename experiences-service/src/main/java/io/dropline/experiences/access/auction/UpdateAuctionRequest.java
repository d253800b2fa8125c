package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.FieldRules;
import io.dropline.experiences.access.distribution.EndedRule;
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

/** {@code PUT /auctions/{id}}: partial; {@code statusOverride: "ended"} stops it, and a stopped or closed one cannot change. */
record UpdateAuctionRequest(
        @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @NotNullValue @DateTime Tristate<String> settleAt,
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
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 20, rule = EndedRule.class) Tristate<String> statusOverride) implements AuctionFields {

    boolean stops() {
        return "ended".equals(FieldRules.stripped(statusOverride).value());
    }

    boolean reopens() {
        return statusOverride.present() && FieldRules.stripped(statusOverride).value() == null;
    }

    boolean onlyStops() {
        return !name().present() && !timeZone().present() && !openAt().present() && !closeAt().present() && !settleAt().present()
                && !supportsGuest().present() && !auctionType().present() && !currencyCode().present() && !reservePrice().present()
                && !minBidIncrement().present() && !autoExtendSeconds().present() && !startPrice().present()
                && !floorPrice().present() && !priceDropAmount().present() && !priceDropIntervalSeconds().present()
                && !quantity().present() && !metadata().present();
    }
}
