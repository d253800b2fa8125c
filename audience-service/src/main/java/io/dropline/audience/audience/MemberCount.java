package io.dropline.audience.audience;

/** The outcome of one member change: rows changed, and the audience's member count after it. */
record MemberCount(long changed, long memberCount) {
}
