package io.dropline.experiences.access.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The auction's pure rules: the proxy contest folded into at most three bids, and the Dutch price as a function of time. */
class AuctionRulesTest {

    private static final UUID LEADER = UUID.randomUUID();
    private static final UUID CHALLENGER = UUID.randomUUID();
    private static final BigDecimal STEP = new BigDecimal("5.00");

    private static BigDecimal money(String text) {
        return new BigDecimal(text).setScale(2);
    }

    @Test
    void whenTheLeaderHasNoProxyThenTheChallengerLeadsAtTheirBid() {
        AuctionRules.Outcome outcome = AuctionRules.contest(CHALLENGER, money("110"), money("110"), LEADER, money("100"), STEP);
        assertThat(outcome.leader()).isEqualTo(CHALLENGER);
        assertThat(outcome.price()).isEqualByComparingTo("110");
        assertThat(outcome.bids()).hasSize(1);
    }

    @Test
    void whenTheLeadersProxyIsHigherThenItAnswersOneIncrementAboveTheChallengersMaximum() {
        // Leader's max 200; challenger bids 110 with a max of 150: the challenger's proxy climbs to 150, the leader's to 155.
        AuctionRules.Outcome outcome = AuctionRules.contest(CHALLENGER, money("110"), money("150"), LEADER, money("200"), STEP);
        assertThat(outcome.leader()).isEqualTo(LEADER);
        assertThat(outcome.price()).isEqualByComparingTo("155");
        assertIncreasingByAtLeast(outcome.bids(), STEP);
        assertThat(outcome.bids().get(outcome.bids().size() - 1).consumer()).isEqualTo(LEADER);
    }

    @Test
    void whenTheChallengersProxyIsHigherThenTheChallengerLeadsOneIncrementAboveTheLeadersMaximum() {
        AuctionRules.Outcome outcome = AuctionRules.contest(CHALLENGER, money("110"), money("300"), LEADER, money("200"), STEP);
        assertThat(outcome.leader()).isEqualTo(CHALLENGER);
        assertThat(outcome.price()).isBetween(money("200"), money("210"));
        assertIncreasingByAtLeast(outcome.bids(), STEP);
    }

    @Test
    void whenMaximaAreEqualThenTheEarlierBidderKeepsTheLead() {
        AuctionRules.Outcome outcome = AuctionRules.contest(CHALLENGER, money("110"), money("200"), LEADER, money("200"), STEP);
        assertThat(outcome.leader()).isEqualTo(LEADER);
        assertThat(outcome.price()).isLessThanOrEqualTo(money("200"));
        assertIncreasingByAtLeast(outcome.bids(), STEP);
    }

    @Test
    void everyContestKeepsRecordedBidsIncreasingByTheIncrementAndWithinEachMaximum() {
        for (int leaderMax = 100; leaderMax <= 160; leaderMax += 3) {
            for (int challengerMax = 105; challengerMax <= 170; challengerMax += 7) {
                AuctionRules.Outcome outcome = AuctionRules.contest(CHALLENGER, money("105"), money(String.valueOf(challengerMax)), LEADER,
                        money(String.valueOf(leaderMax)), STEP);
                assertIncreasingByAtLeast(outcome.bids(), STEP);
                for (AuctionRules.Placed bid : outcome.bids()) {
                    BigDecimal max = bid.consumer().equals(LEADER) ? money(String.valueOf(leaderMax)) : money(String.valueOf(challengerMax));
                    assertThat(bid.amount()).isLessThanOrEqualTo(max);
                }
                BigDecimal loserMax = outcome.leader().equals(LEADER) ? money(String.valueOf(challengerMax)) : money(String.valueOf(leaderMax));
                // The loser could not have topped the final price by an increment within their maximum.
                assertThat(loserMax).isLessThan(outcome.price().add(STEP));
            }
        }
    }

    @Test
    void theDutchPriceFallsByTheDropEveryIntervalToTheFloor() {
        Instant open = Instant.parse("2030-01-01T10:00:00Z");
        AuctionEntity auction = dutch(open);
        assertThat(AuctionRules.dutchPrice(auction, open.minusSeconds(5))).isEqualByComparingTo("100.00");
        assertThat(AuctionRules.dutchPrice(auction, open)).isEqualByComparingTo("100.00");
        assertThat(AuctionRules.dutchPrice(auction, open.plusSeconds(59))).isEqualByComparingTo("100.00");
        assertThat(AuctionRules.dutchPrice(auction, open.plusSeconds(60))).isEqualByComparingTo("92.50");
        assertThat(AuctionRules.dutchPrice(auction, open.plusSeconds(180))).isEqualByComparingTo("77.50");
        assertThat(AuctionRules.dutchPrice(auction, open.plusSeconds(3600))).isEqualByComparingTo("70.00");
        assertThat(AuctionRules.nextDropAt(auction, open.plusSeconds(61))).isEqualTo(open.plusSeconds(120));
        assertThat(AuctionRules.nextDropAt(auction, open.plusSeconds(3600))).isNull();
    }

    @Test
    void moneyIsReadOnlyFromDecimalStringsWithAtMostTwoDecimals() {
        MoneyRule rule = new MoneyRule();
        assertThat(rule.problem("149.99")).isNull();
        assertThat(rule.problem("150")).isNull();
        assertThat(rule.problem("1.999")).isNotNull();
        assertThat(rule.problem("-1")).isNotNull();
        assertThat(rule.problem("1e3")).isNotNull();
        assertThat(MoneyRule.format(MoneyRule.parse("150"))).isEqualTo("150.00");
    }

    private static void assertIncreasingByAtLeast(List<AuctionRules.Placed> bids, BigDecimal step) {
        for (int i = 1; i < bids.size(); i++) {
            assertThat(bids.get(i).amount().subtract(bids.get(i - 1).amount())).isGreaterThanOrEqualTo(step);
        }
    }

    private static AuctionEntity dutch(Instant open) {
        return new AuctionEntity(UUID.randomUUID(), UUID.randomUUID(), "live", UUID.randomUUID(), UUID.randomUUID(), "D", null, open, null,
                open.plusSeconds(7200), false, "dutch", "EUR", null, null, null, money("100"), money("70"), money("7.50"), 60, 3, null,
                null, null, null, null, null, null, 0, 0, null, null, null, null, open, open);
    }
}
