package io.dropline.contracts.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A list request that passed validation: its filter values, its order and its page. */
public final class ListQuery<T> {

    private final KeysetList<T> list;
    private final String sort;
    private final boolean ascending;
    private final Map<ListFilter<?>, Object> values;
    private final PageRequest page;

    ListQuery(KeysetList<T> list, String sort, boolean ascending, Map<ListFilter<?>, Object> values, PageRequest page) {
        this.list = list;
        this.sort = sort;
        this.ascending = ascending;
        this.values = Collections.unmodifiableMap(values);
        this.page = page;
    }

    public PageRequest page() {
        return page;
    }

    /** The value of one of the list's filters; null when it was not given. */
    @SuppressWarnings("unchecked")
    public <V> V value(ListFilter<V> filter) {
        return (V) values.get(filter);
    }

    /**
     * The keyset for this request. A cursor is bound to {@code scope} (the list and tenant: see
     * {@link KeysetList#tenant}), the sort and every filter's value: replayed anywhere else it fails its MAC.
     *
     * @throws InvalidCursorException when the page's cursor does not decode for this binding
     */
    public Keyset<T> keyset(CursorCodec cursors, String... scope) {
        List<String> binding = new ArrayList<>(List.of(scope));
        binding.addAll(list.sortBinding(sort, ascending));
        List<ListFilter.Condition> conditions = new ArrayList<>();
        for (ListFilter<?> filter : list.filters()) {
            binding.addAll(filter.binding(values.get(filter)));
            conditions.addAll(filter.conditions(values.get(filter)));
        }
        return new Keyset<>(cursors, String.join("|", binding), list.columns(sort), ascending, conditions, page);
    }
}
