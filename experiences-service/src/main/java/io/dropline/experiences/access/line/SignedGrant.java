package io.dropline.experiences.access.line;

/** A granted entry with its signed grant. */
record SignedGrant(Entry entry, String token) {
}
