package io.dropline.contracts.page;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SQL tail of one page and its binds: the filters' conditions, the keyset condition after (or before) the
 * cursor, the order and {@code LIMIT size + 1}. A backward page reads in the opposite order (and
 * {@link #assemble} turns it round), so the extra row always says whether more follow in that direction.
 *
 * <pre>{@code
 * db.sql("SELECT … FROM t WHERE organization_id = :org AND environment = :env" + keyset.sql()) … keyset.bind(spec)
 * }</pre>
 */
public final class Keyset<T> {

    private final CursorCodec cursors;
    private final String binding;
    private final List<KeyColumn<T>> columns;
    private final PageRequest page;
    private final String sql;
    private final Map<String, Object> binds;

    Keyset(CursorCodec cursors, String binding, List<KeyColumn<T>> columns, boolean ascending,
            List<ListFilter.Condition> conditions, PageRequest page) {
        this.cursors = cursors;
        this.binding = binding;
        this.columns = columns;
        this.page = page;
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder();
        for (ListFilter.Condition condition : conditions) {
            where.append(" AND ").append(condition.sql());
            if (condition.parameter() != null) {
                values.put(condition.parameter(), condition.value());
            }
        }
        // A backward page reads the list's order in reverse, from the cursor towards the list's start.
        boolean readAscending = ascending != page.backward();
        if (page.cursor() != null) {
            List<Object> cursor = decode(page.cursor());
            List<String> expressions = columns.stream().map(KeyColumn::expression).toList();
            List<String> parameters = new ArrayList<>();
            for (int i = 0; i < cursor.size(); i++) {
                parameters.add(":cursor" + i);
                values.put("cursor" + i, cursor.get(i));
            }
            where.append(" AND ").append(tuple(expressions)).append(readAscending ? " > " : " < ").append(tuple(parameters));
        }
        String order = readAscending ? " ASC" : " DESC";
        where.append(" ORDER BY ").append(String.join(", ",
                columns.stream().map(column -> column.expression() + order).toList())).append(" LIMIT :limit");
        values.put("limit", page.size() + 1);
        this.sql = where.toString();
        this.binds = Collections.unmodifiableMap(values);
    }

    /** To append to a base query that ends in its WHERE clause's scope: {@code " AND … ORDER BY … LIMIT :limit"}. */
    public String sql() {
        return sql;
    }

    /** The named binds {@link #sql} uses, none of them null. */
    public Map<String, Object> binds() {
        return binds;
    }

    public GenericExecuteSpec bind(GenericExecuteSpec spec) {
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec;
    }

    /** The list response for the rows the repository streams for this keyset. */
    public <R> Mono<ListResponse<R>> page(Flux<T> rows, Function<T, R> toResponse) {
        return rows.collectList().map(fetched -> assemble(fetched, toResponse));
    }

    /** The list response for the rows the query fetched (up to {@code size + 1}, in the query's order). */
    public <R> ListResponse<R> assemble(List<T> fetched, Function<T, R> toResponse) {
        return Pages.assemble(fetched, page, this::cursorOf, toResponse);
    }

    String cursorOf(T row) {
        return cursors.encode(binding, columns.stream().map(column -> column.cursorValue().apply(row)).toList());
    }

    private List<Object> decode(String cursor) {
        List<String> texts = cursors.decode(binding, cursor, columns.size(), page.cursorField());
        List<Object> values = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            // Key expressions never yield null, so neither may a cursor; a value that does not parse is foreign too.
            Object value;
            try {
                value = texts.get(i) == null ? null : columns.get(i).bindValue().apply(texts.get(i));
            } catch (IllegalArgumentException | DateTimeException foreign) {
                throw new InvalidCursorException(page.cursorField());
            }
            if (value == null) {
                throw new InvalidCursorException(page.cursorField());
            }
            values.add(value);
        }
        return values;
    }

    private static String tuple(List<String> items) {
        return items.size() == 1 ? items.get(0) : "(" + String.join(", ", items) + ")";
    }
}
