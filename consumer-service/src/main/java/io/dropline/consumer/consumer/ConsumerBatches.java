package io.dropline.consumer.consumer;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.context.InternalContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Validation of {@code POST/PUT /consumers/batch}: the body is an array, or {@code {"consumers": [...]}} (both
 * forms appear in the public docs); at most 500 items; every problem is reported with its index, e.g.
 * {@code consumers[3].email}, and nothing is written unless every item is valid.
 */
final class ConsumerBatches {

    static final int MAX_ITEMS = 500;

    private final ConsumerRepository repository;
    private final RequestBodies bodies;

    ConsumerBatches(ConsumerRepository repository, RequestBodies bodies) {
        this.repository = repository;
        this.bodies = bodies;
    }

    /** The items of a batch body, with the path prefix used in error details. */
    record Items(List<JsonNode> nodes) {

        String prefix(int index) {
            return "consumers[" + index + "]";
        }

        String field(int index, String field) {
            return prefix(index) + "." + field;
        }
    }

    record Update(UUID id, ConsumerWrite changes) {
    }

    static Items items(JsonNode body) {
        JsonNode array = body != null && body.isObject() && body.size() == 1 && body.has("consumers") ? body.get("consumers") : body;
        if (array == null || !array.isArray()) {
            throw ApiException.validation("consumers", "Must be an array of consumers, or an object {\"consumers\": [...]}");
        }
        if (array.isEmpty()) {
            throw ApiException.validation("consumers", "Must contain at least one consumer");
        }
        if (array.size() > MAX_ITEMS) {
            throw ApiException.validation("consumers", "Max batch size is " + MAX_ITEMS);
        }
        List<JsonNode> nodes = new ArrayList<>(array.size());
        array.forEach(nodes::add);
        return new Items(nodes);
    }

    List<ConsumerWrite> parseCreates(Items items) {
        List<FieldError> errors = new ArrayList<>();
        List<ConsumerWrite> creates = new ArrayList<>();
        for (int i = 0; i < items.nodes().size(); i++) {
            creates.add(write(bodies.read(items.nodes().get(i), CreateConsumerRequest.class, items.prefix(i), item -> List.of(), errors)));
        }
        duplicateEmailsWithin(items, creates, errors);
        throwIfAny(errors);
        return creates;
    }

    List<Update> parseUpdates(Items items) {
        List<FieldError> errors = new ArrayList<>();
        List<Update> updates = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < items.nodes().size(); i++) {
            JsonNode node = items.nodes().get(i);
            ConsumerWrite changes = write(bodies.read(node, UpdateConsumerBatchItem.class, items.prefix(i), item -> List.of(), errors));
            JsonNode idNode = node != null && node.isObject() ? node.get("id") : null;
            UUID id = idNode != null && idNode.isString()
                    ? io.dropline.contracts.id.Ids.parse(ConsumerIds.PREFIX, idNode.stringValue()).orElse(null) : null;
            if (node != null && node.isObject() && id == null) {
                errors.add(new FieldError(items.field(i, "id"), idNode == null ? "Required" : "Consumer not found"));
            } else if (id != null && !seen.add(id)) {
                errors.add(new FieldError(items.field(i, "id"), "Appears more than once in the batch"));
            }
            updates.add(new Update(id, changes));
        }
        duplicateEmailsWithin(items, updates.stream().map(Update::changes).toList(), errors);
        throwIfAny(errors);
        return updates;
    }

    /** Every id must name a consumer of the caller's tenant; unknown ones are reported per index. */
    Mono<Void> checkAllExist(InternalContext context, Items items, List<Update> updates) {
        return repository.findByIds(context, updates.stream().map(Update::id).toList())
                .map(ConsumerEntity::id)
                .collect(java.util.stream.Collectors.toSet())
                .map(found -> missingIds(items, updates, found))
                .flatMap(errors -> errors.isEmpty() ? Mono.<Void>empty() : Mono.error(ApiException.validation(errors)));
    }

    private static List<FieldError> missingIds(Items items, List<Update> updates, Set<UUID> found) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            if (!found.contains(updates.get(i).id())) {
                errors.add(new FieldError(items.field(i, "id"), "Consumer not found"));
            }
        }
        return errors;
    }

    /** Emails set by the batch must not belong to other consumers already (case-insensitively). */
    Mono<Void> checkEmailsFree(InternalContext context, Items items, List<ConsumerWrite> changes, List<UUID> excluded) {
        Map<String, Integer> indexByEmail = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            String email = changes.get(i).email().value();
            if (email != null) {
                indexByEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), i);
            }
        }
        if (indexByEmail.isEmpty()) {
            return Mono.empty();
        }
        return repository.findTakenEmails(context, indexByEmail.keySet(), excluded)
                .map(taken -> new FieldError(items.field(indexByEmail.get(taken), "email"), "Already exists"))
                .collectList()
                .flatMap(errors -> errors.isEmpty() ? Mono.<Void>empty()
                        : Mono.error(new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST,
                                "Email already exists", "EMAIL_ALREADY_EXISTS", errors)));
    }

    private static void duplicateEmailsWithin(Items items, List<ConsumerWrite> changes, List<FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            String email = changes.get(i).email().value();
            if (email != null && !seen.add(email.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(items.field(i, "email"), "Appears more than once in the batch"));
            }
        }
    }

    /** What an item writes; an item that could not be read writes nothing (its error is already listed). */
    private static ConsumerWrite write(ConsumerFields item) {
        return item == null ? NOTHING : item.toWrite();
    }

    private static final ConsumerWrite NOTHING = new ConsumerWrite(Tristate.absent(), Tristate.absent(), Tristate.absent(),
            Tristate.absent(), Tristate.absent());

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
