package io.dropline.audience.audience;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.PageRequest;
import io.dropline.contracts.web.QueryParams;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/** A validated {@code GET /audiences/{id}/members} request. Members are listed newest first. */
record MembersQuery(PageRequest page) {

    private static final Set<String> PARAMETERS = Set.of("first", "after", "last", "before");

    static MembersQuery parse(MultiValueMap<String, String> raw) {
        QueryParams params = QueryParams.only(raw, PARAMETERS);
        return new MembersQuery(PageRequest.of(params.get("first"), params.get("after"), params.get("last"), params.get("before")));
    }

    String cursorBinding(InternalContext context, UUID audienceId) {
        return String.join("|", "audience-members", context.organizationId().toString(), context.environment().name(),
                audienceId.toString());
    }
}
