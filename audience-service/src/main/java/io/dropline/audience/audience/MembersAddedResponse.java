package io.dropline.audience.audience;

/** {@code POST /audiences/{id}/members}: how many ids became members (ids already in do not count), and the count after. */
record MembersAddedResponse(long added, long memberCount) {

    static MembersAddedResponse from(MemberCount count) {
        return new MembersAddedResponse(count.changed(), count.memberCount());
    }
}
