package io.dropline.experiences.line;

/** A granted entry with its signed grant. */
record SignedGrant(Entry entry, String token) {
}
