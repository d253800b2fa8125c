package io.dropline.contracts.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class KeysetListTest {

    private static final CursorCodec CURSORS = new CursorCodec("a-test-cursor-secret-of-enough-length!");
    private static final Instant EPOCH = Instant.EPOCH;

    /** A row as a repository maps it; {@code openAt} is nullable, so its key coalesces it to the epoch. */
    record Row(UUID id, String name, Instant createdAt, Instant openAt) {
    }

    private static final ListFilter<UUID> PARENT = ListFilter.id("experienceId", "exp", "experience_id");

    /** Like {@code GET /audiences}: a search, a created range, two sorts, the id breaking ties. */
    private static final KeysetList<Row> SORTABLE = KeysetList.<Row>builder()
            .filter(ListFilter.search("name").rejecting(search -> search.indexOf('\0') >= 0, "Must not contain control characters"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", Row::createdAt))
            .sortBy("name", KeyColumn.text("lower(name)", row -> row.name().toLowerCase(Locale.ROOT)))
            .sortBy("openAt", KeyColumn.instant("coalesce(open_at, 'epoch'::timestamptz)",
                    row -> row.openAt() == null ? EPOCH : row.openAt()))
            .filter(ListFilter.oneOf("status", List.of("OPEN", "CLOSED"), "status"))
            .tieBreaker(KeyColumn.uuid("id", Row::id))
            .build();

    /** Like {@code GET /sequences}: one order, so sortBy may only name it. */
    private static final KeysetList<Row> BY_CREATION = KeysetList.<Row>builder()
            .filter(PARENT)
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", Row::createdAt))
            .tieBreaker(KeyColumn.uuid("id", Row::id))
            .build();

    /** Like the members of an audience: newest first, no sortBy/sortDir. */
    private static final KeysetList<Row> NEWEST_FIRST = KeysetList.<Row>builder()
            .fixedOrder(KeyColumn.instant("added_at", Row::createdAt), true)
            .tieBreaker(KeyColumn.uuid("consumer_id", Row::id))
            .build();

    /** Like a queue's entries: a unique sequence number needs no tie-breaker. */
    private static final KeysetList<Long> BY_SEQ = KeysetList.<Long>builder()
            .fixedOrder(KeyColumn.longInteger("e.seq", seq -> seq), false)
            .build();

    @Test
    void whenNothingIsGivenThenTheDefaultOrderAndTwentyRows() {
        Keyset<Row> keyset = SORTABLE.parse(params()).keyset(CURSORS, "things");

        assertThat(keyset.sql()).isEqualTo(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        assertThat(keyset.binds()).containsExactly(Map.entry("limit", 21));
    }

    @Test
    void whenFiltersAreGivenThenTheirConditionsAndBindsFollowInDeclarationOrder() {
        UUID parent = UUID.fromString("0190a000-0000-7000-8000-000000000001");
        Keyset<Row> keyset = BY_CREATION.parse(params("experienceId", Ids.format("exp", parent),
                "createdAfter", "2024-01-01", "createdBefore", "2024-02-01T00:00:00+01:00", "sortDir", "asc", "first", "5"))
                .keyset(CURSORS, "sequences");

        assertThat(keyset.sql()).isEqualTo(" AND experience_id = :experienceId AND created_at > :createdAfter"
                + " AND created_at < :createdBefore ORDER BY created_at ASC, id ASC LIMIT :limit");
        assertThat(keyset.binds()).containsExactly(Map.entry("experienceId", parent),
                Map.entry("createdAfter", Instant.parse("2024-01-01T00:00:00Z")),
                Map.entry("createdBefore", Instant.parse("2024-01-31T23:00:00Z")), Map.entry("limit", 6));
    }

    @Test
    void whenASearchIsGivenThenItIsStrippedAndMatchedLiterally() {
        ListQuery<Row> query = SORTABLE.parse(params("search", "  50%_off\\ "));
        Keyset<Row> keyset = query.keyset(CURSORS, "things");

        assertThat(keyset.sql()).startsWith(" AND name ILIKE :search ORDER BY");
        assertThat(keyset.binds()).containsEntry("search", "%50\\%\\_off\\\\%");
    }

    @Test
    void whenAParameterIsUnknownOrRepeatedThenOnlyThatIsReported() {
        assertThat(details(() -> SORTABLE.parse(params("unknown", "1", "first", "0"))))
                .containsExactly(new FieldError("unknown", "Unknown parameter"));
        MultiValueMap<String, String> twice = params("first", "1");
        twice.add("first", "2");
        assertThat(details(() -> SORTABLE.parse(twice))).containsExactly(new FieldError("first", "Given more than once"));
        assertThat(details(() -> NEWEST_FIRST.parse(params("sortBy", "createdAt"))))
                .containsExactly(new FieldError("sortBy", "Unknown parameter"));
    }

    @Test
    void whenSeveralParametersAreBadThenAllAreReportedInDeclarationOrder() {
        assertThat(details(() -> SORTABLE.parse(params("first", "0", "status", "GONE", "sortDir", "up", "sortBy", "size",
                "createdBefore", "2024-01-01", "createdAfter", "2024-02-01", "search", "a"))))
                .containsExactly(
                        new FieldError("search", "Must be between 2 and 200 characters"),
                        new FieldError("createdBefore", "Must be later than createdAfter"),
                        new FieldError("sortBy", "Must be one of createdAt, name, openAt"),
                        new FieldError("sortDir", "Must be asc or desc"),
                        new FieldError("status", "Must be one of OPEN, CLOSED"),
                        new FieldError("first", "Must be an integer between 1 and 100"));
        assertThat(details(() -> BY_CREATION.parse(params("experienceId", "seq_1", "createdAfter", "yesterday",
                "sortBy", "name", "first", "1", "last", "1"))))
                .containsExactly(
                        new FieldError("experienceId", "Must be an id of the form exp_…"),
                        new FieldError("createdAfter", "Must be an ISO-8601 date or date-time"),
                        new FieldError("sortBy", "Must be createdAt"),
                        new FieldError("last", "Cannot be combined with first/after: page in one direction at a time"));
        assertThat(details(() -> SORTABLE.parse(params("search", "a\0b")))).containsExactly(
                new FieldError("search", "Must not contain control characters"));
    }

    @Test
    void whenPagingForwardAndBackThroughTiesThenEveryRowComesOnceInOrder() {
        List<Row> rows = new ArrayList<>();
        Instant shared = Instant.parse("2024-05-01T10:00:00Z");
        for (int i = 0; i < 23; i++) {
            // Many rows share a creation time and a name (case aside), and some have no openAt: only the id separates them.
            rows.add(new Row(UUID.fromString(String.format("0190a000-0000-7000-8000-%012d", (i * 7) % 23)),
                    i % 2 == 0 ? "Same" : "same", i % 3 == 0 ? shared : shared.plusSeconds(i),
                    i % 4 == 0 ? null : shared.plusSeconds(i % 5)));
        }
        for (String sortBy : List.of("createdAt", "name", "openAt")) {
            for (String sortDir : List.of("asc", "desc")) {
                Comparator<Row> order = order(sortBy, sortDir);
                List<Row> expected = rows.stream().sorted(order).toList();

                List<Row> forward = new ArrayList<>();
                String after = null;
                boolean more = true;
                while (more) {
                    ListResponse<Row> page = page(rows, "sortBy", sortBy, "sortDir", sortDir, "first", "4", "after", after);
                    forward.addAll(page.data());
                    after = page.pageInfo().endCursor();
                    more = page.pageInfo().hasNextPage();
                }
                assertThat(forward).as(sortBy + " " + sortDir).containsExactlyElementsOf(expected);

                List<Row> backward = new ArrayList<>();
                String before = null;
                more = true;
                while (more) {
                    ListResponse<Row> page = page(rows, "sortBy", sortBy, "sortDir", sortDir, "last", "5", "before", before);
                    backward.addAll(0, page.data());
                    before = page.pageInfo().startCursor();
                    more = page.pageInfo().hasPreviousPage();
                }
                assertThat(backward).as(sortBy + " " + sortDir + " backward").containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void whenACursorIsGivenThenTheKeysetComparesTheSortValueAndIdInThePagesDirection() {
        Row row = new Row(UUID.fromString("0190a000-0000-7000-8000-000000000042"), "Zed", EPOCH.plusSeconds(9), null);
        String cursor = SORTABLE.parse(params("sortBy", "openAt")).keyset(CURSORS, "things")
                .assemble(List.of(row), r -> r).pageInfo().endCursor();

        Keyset<Row> after = SORTABLE.parse(params("sortBy", "openAt", "after", cursor)).keyset(CURSORS, "things");
        assertThat(after.sql()).isEqualTo(" AND (coalesce(open_at, 'epoch'::timestamptz), id) < (:cursor0, :cursor1)"
                + " ORDER BY coalesce(open_at, 'epoch'::timestamptz) DESC, id DESC LIMIT :limit");
        // A null openAt is the epoch in the cursor, as in the SQL expression.
        assertThat(after.binds()).containsExactly(Map.entry("cursor0", EPOCH), Map.entry("cursor1", row.id()), Map.entry("limit", 21));

        Keyset<Row> before = SORTABLE.parse(params("sortBy", "openAt", "before", cursor)).keyset(CURSORS, "things");
        assertThat(before.sql()).isEqualTo(" AND (coalesce(open_at, 'epoch'::timestamptz), id) > (:cursor0, :cursor1)"
                + " ORDER BY coalesce(open_at, 'epoch'::timestamptz) ASC, id ASC LIMIT :limit");

        String ascending = SORTABLE.parse(params("sortBy", "openAt", "sortDir", "asc")).keyset(CURSORS, "things")
                .assemble(List.of(row), r -> r).pageInfo().endCursor();
        assertThat(SORTABLE.parse(params("sortBy", "openAt", "sortDir", "asc", "last", "2", "before", ascending))
                .keyset(CURSORS, "things").sql()).contains(") < (:cursor0, :cursor1) ORDER BY").endsWith("DESC LIMIT :limit");
    }

    @Test
    void whenTheOrderIsFixedThenItTakesNoSortParametersAndASingleUniqueKeyNeedsNoTuple() {
        assertThat(NEWEST_FIRST.parse(params()).keyset(CURSORS, "members").sql())
                .isEqualTo(" ORDER BY added_at DESC, consumer_id DESC LIMIT :limit");

        String cursor = BY_SEQ.parse(params()).keyset(CURSORS, "entries").assemble(List.of(7L, 8L), seq -> seq)
                .pageInfo().endCursor();
        Keyset<Long> next = BY_SEQ.parse(params("first", "1", "after", cursor)).keyset(CURSORS, "entries");
        assertThat(next.sql()).isEqualTo(" AND e.seq > :cursor0 ORDER BY e.seq ASC LIMIT :limit");
        assertThat(next.binds()).containsExactly(Map.entry("cursor0", 8L), Map.entry("limit", 2));
        assertThat(BY_SEQ.parse(params("last", "1", "before", cursor)).keyset(CURSORS, "entries").sql())
                .isEqualTo(" AND e.seq < :cursor0 ORDER BY e.seq DESC LIMIT :limit");
    }

    @Test
    void whenACursorIsReplayedWithOtherFiltersSortOrScopeThenItIsRefused() {
        String cursor = SORTABLE.parse(params("search", "ab")).keyset(CURSORS, "things", "org-1")
                .assemble(List.of(new Row(UUID.randomUUID(), "abc", EPOCH, null)), r -> r).pageInfo().endCursor();

        assertThat(SORTABLE.parse(params("search", "ab", "after", cursor)).keyset(CURSORS, "things", "org-1").binds())
                .containsKeys("cursor0", "cursor1");
        for (MultiValueMap<String, String> other : List.of(params("search", "ac", "after", cursor),
                params("after", cursor), params("search", "ab", "sortDir", "asc", "after", cursor),
                params("search", "ab", "sortBy", "name", "after", cursor))) {
            assertThat(details(() -> SORTABLE.parse(other).keyset(CURSORS, "things", "org-1")))
                    .containsExactly(new FieldError("after", "Invalid cursor"));
        }
        assertThat(details(() -> SORTABLE.parse(params("search", "ab", "before", cursor)).keyset(CURSORS, "things", "org-2")))
                .containsExactly(new FieldError("before", "Invalid cursor"));
    }

    @Test
    void whenACursorsValuesDoNotParseOrAreNullThenItIsInvalid() {
        // Signed for the right binding, but not values this list could have made.
        String binding = "things|createdAt|desc|null|null|null|null";
        for (List<String> values : List.of(List.of("yesterday", UUID.randomUUID().toString()),
                List.of(EPOCH.toString(), "not-a-uuid"), java.util.Arrays.asList(null, UUID.randomUUID().toString()),
                List.of(EPOCH.toString()))) {
            String cursor = CURSORS.encode(binding, values);
            assertThat(details(() -> SORTABLE.parse(params("after", cursor)).keyset(CURSORS, "things")))
                    .containsExactly(new FieldError("after", "Invalid cursor"));
        }
    }

    @Test
    void whenCursorsWereMadeBeforeTheSharedPieceThenTheyStillDecode() {
        // The bindings the per-service query classes used: scope, then the sort's name when there is a choice,
        // its direction when the client may choose it, then each filter's value (absent ones as "null"; this
        // list's status filter adds one more "null" than GET /audiences has).
        UUID id = UUID.randomUUID();
        String audiences = CURSORS.encode("audiences|org|LIVE|name|asc|ab|null|null|null", List.of("ab", id.toString()));
        assertThat(SORTABLE.parse(params("sortBy", "name", "sortDir", "asc", "search", "ab", "after", audiences))
                .keyset(CURSORS, "audiences", "org", "LIVE").binds()).containsEntry("cursor0", "ab").containsEntry("cursor1", id);

        String sequences = CURSORS.encode("sequences|org|TEST|desc|null|2024-01-01T00:00:00Z|null", List.of(EPOCH.toString(), id.toString()));
        assertThat(BY_CREATION.parse(params("createdAfter", "2024-01-01", "after", sequences))
                .keyset(CURSORS, "sequences", "org", "TEST").binds()).containsEntry("cursor0", EPOCH);

        String members = CURSORS.encode("audience-members|org|LIVE|aud", List.of(EPOCH.toString(), id.toString()));
        assertThat(NEWEST_FIRST.parse(params("before", members)).keyset(CURSORS, "audience-members", "org", "LIVE", "aud")
                .binds()).containsEntry("cursor1", id);
    }

    @Test
    void whenATenantScopeIsAskedForThenItIsTheListOrganizationAndEnvironment() {
        UUID organization = UUID.randomUUID();
        var context = new io.dropline.contracts.context.InternalContext(organization,
                io.dropline.contracts.context.Environment.LIVE, io.dropline.contracts.context.ApiSurface.ADMIN, null, "req", null);
        assertThat(KeysetList.tenant("audience-members", context, "aud"))
                .containsExactly("audience-members", organization.toString(), "LIVE", "aud");
    }

    // ---- An in-memory stand-in for the database: applies a keyset's binds the way its SQL would --------------

    private static ListResponse<Row> page(List<Row> table, String... pairs) {
        ListQuery<Row> query = SORTABLE.parse(params(pairs));
        Keyset<Row> keyset = query.keyset(CURSORS, "things");
        String sortBy = value(pairs, "sortBy");
        boolean ascendingQuery = keyset.sql().contains(" ASC");
        Comparator<Row> order = order(sortBy, ascendingQuery ? "asc" : "desc");
        Map<String, Object> binds = keyset.binds();
        if (binds.containsKey("cursor0")) {
            // The keyset condition must point the way the query reads, or pages would skip or repeat rows.
            assertThat(keyset.sql()).contains(ascendingQuery ? ") > (:cursor0" : ") < (:cursor0");
        }
        List<Row> fetched = table.stream()
                .filter(row -> !binds.containsKey("cursor0") || order.compare(row, cursorRow(sortBy, binds)) > 0)
                .sorted(order)
                .limit((Integer) binds.get("limit"))
                .toList();
        return keyset.assemble(fetched, row -> row);
    }

    /** A row whose sort key and id are the cursor's, for comparing other rows with it. */
    private static Row cursorRow(String sortBy, Map<String, Object> binds) {
        Object value = binds.get("cursor0");
        UUID id = (UUID) binds.get("cursor1");
        return switch (sortBy) {
            case "name" -> new Row(id, (String) value, null, null);
            case "openAt" -> new Row(id, null, null, (Instant) value);
            default -> new Row(id, null, (Instant) value, null);
        };
    }

    private static Comparator<Row> order(String sortBy, String sortDir) {
        Comparator<Row> key = switch (sortBy) {
            case "name" -> Comparator.comparing(row -> row.name().toLowerCase(Locale.ROOT));
            case "openAt" -> Comparator.comparing(row -> row.openAt() == null ? EPOCH : row.openAt());
            default -> Comparator.comparing(Row::createdAt);
        };
        Comparator<Row> total = key.thenComparing(Row::id);
        return sortDir.equals("asc") ? total : total.reversed();
    }

    private static String value(String[] pairs, String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /** Query parameters from name/value pairs; a null value leaves its parameter out. */
    private static MultiValueMap<String, String> params(String... pairs) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                ordered.put(pairs[i], pairs[i + 1]);
            }
        }
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        ordered.forEach(params::add);
        return params;
    }

    private static List<FieldError> details(Runnable call) {
        try {
            call.run();
        } catch (ApiException invalid) {
            assertThat(invalid.getMessage()).isEqualTo("Validation failed");
            return invalid.details();
        }
        throw new AssertionError("Expected a validation error");
    }
}
