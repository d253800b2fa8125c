package io.dropline.experiences.access.auction;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AdminSurface;
import io.dropline.experiences.access.distribution.Grants;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/auctions}: the Admin API (secret key: create, list, get, update, delete, all bids with bidder
 * identities; complete, validate) and the Consumer API (publishable key + consumer token: the public view, enter, bid,
 * status and its event stream, the high bid, the Dutch price, anonymised bids and the consumer's own history).
 */
@RestController
@RequestMapping(path = "/api/v1/auctions", produces = MediaType.APPLICATION_JSON_VALUE)
class AuctionController {

    private final AuctionService service;
    private final AuctionBidding bidding;

    AuctionController(AuctionService service, AuctionBidding bidding) {
        this.service = service;
        this.bidding = bidding;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AuctionResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(AdminSurface.require(context, AuctionIds::notFound), body);
    }

    @GetMapping
    Mono<ListResponse<AuctionResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(AdminSurface.require(context, AuctionIds::notFound), params);
    }

    /** Shared with the Consumer API: a publishable key gets the public view, a secret key the admin view. */
    @GetMapping("/{id}")
    Mono<?> get(InternalContext context, @PathVariable String id) {
        return context.surface() == ApiSurface.CONSUMER
                ? service.entity(context, id).map(entity -> AuctionResponse.Public.of(entity, service.now()))
                : service.get(AdminSurface.require(context, AuctionIds::notFound), id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<AuctionResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(AdminSurface.require(context, AuctionIds::notFound), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<AuctionResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(AdminSurface.require(context, AuctionIds::notFound), id);
    }

    /** Every accepted bid, newest first; bidder identities ({@code consumerId}) for the secret key only. */
    @GetMapping("/{id}/bids")
    Mono<ListResponse<AuctionBidding.BidView>> bids(InternalContext context, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params) {
        return bidding.bids(context, id, params);
    }

    @GetMapping("/{id}/highest-bid")
    Mono<AuctionBidding.HighestBid> highestBid(InternalContext context, @PathVariable String id) {
        return bidding.highestBid(context, id);
    }

    @GetMapping("/{id}/current-price")
    Mono<AuctionBidding.CurrentPrice> currentPrice(InternalContext context, @PathVariable String id) {
        return bidding.currentPrice(context, id);
    }

    // ---- Consumer API ---------------------------------------------------------------------------------------

    @PostMapping("/{id}/enter")
    Mono<AuctionStatus> enter(InternalContext context, @PathVariable String id) {
        return bidding.enter(context, id);
    }

    @PostMapping("/{id}/bid")
    Mono<AuctionStatus> bid(InternalContext context, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
        return bidding.bid(context, id, body);
    }

    @GetMapping("/{id}/status")
    Mono<AuctionStatus> status(InternalContext context, @PathVariable String id) {
        return bidding.status(context, id);
    }

    /** The same status as a Server-Sent Events stream ({@code Accept: text/event-stream}). */
    @GetMapping(path = "/{id}/status", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<AuctionStatus>> statusStream(InternalContext context, @PathVariable String id) {
        return bidding.statusStream(context, id);
    }

    @GetMapping("/{id}/bids/history")
    Mono<List<AuctionBidding.OwnBid>> history(InternalContext context, @PathVariable String id,
            @RequestParam(name = "limit", required = false) String limit) {
        return bidding.history(context, id, limit);
    }

    // ---- Server-side (secret key) ---------------------------------------------------------------------------

    @PostMapping(path = "/{id}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<AuctionStatus> complete(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return bidding.complete(context, id, body);
    }

    @PostMapping(path = "/{id}/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Grants.Validation> validate(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return bidding.validate(context, id, body);
    }
}
