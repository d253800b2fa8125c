package io.dropline.audience.audience;

/** {@code DELETE /audiences/{id}/members}: how many members were removed (ids not in do not count), and the count after. */
record MembersRemovedResponse(long removed, long memberCount) {

    static MembersRemovedResponse from(MemberCount count) {
        return new MembersRemovedResponse(count.changed(), count.memberCount());
    }
}
