package io.dropline.experiences.access.distribution;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.KeysetList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every {@link DistributionType} the service runs, found as Spring beans: the core asks here whose a public id is and
 * which type handles a row, a timer or a grant, so it names no type itself.
 */
@Component
public class DistributionRegistry {

    private final Map<String, DistributionType> byName = new LinkedHashMap<>();

    public DistributionRegistry(List<DistributionType> types) {
        for (DistributionType type : types) {
            if (byName.putIfAbsent(type.name(), type) != null) {
                throw new IllegalStateException("Two distribution types are named " + type.name());
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException("No distribution type is registered");
        }
    }

    /** A public id of a registered type, resolved to that type and its uuid; empty for anything else. */
    public Optional<Typed> resolve(String publicId) {
        for (DistributionType type : byName.values()) {
            Optional<UUID> id = Ids.parse(type.idPrefix(), publicId);
            if (id.isPresent()) {
                return Optional.of(new Typed(type, id.get()));
            }
        }
        return Optional.empty();
    }

    /** The type named {@code name} ({@code queue}, …), as stored with timers and carried in grants. */
    public Optional<DistributionType> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every type, in a fixed order (registration order). */
    public List<DistributionType> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The consumer list of {@code typed}'s type; when an id names no known type, that of the first type, so that bad
     * list parameters are still reported before the 404, as with a known type (with one type, exactly as before).
     */
    KeysetList<EntryResponse.Row> participantList(Optional<Typed> typed) {
        return typed.map(Typed::type).orElseGet(() -> byName.values().iterator().next()).participantList();
    }

    /** A distribution id resolved: the type it belongs to and the uuid behind it. */
    public record Typed(DistributionType type, UUID id) {
    }
}
