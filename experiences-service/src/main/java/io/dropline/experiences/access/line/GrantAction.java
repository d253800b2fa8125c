package io.dropline.experiences.access.line;

/**
 * {@code { "consumerId", "admissionGrant" }} for complete and validate; {@code token} is the legacy name of the
 * grant and accepted as an alias.
 */
record GrantAction(String consumerId, String admissionGrant, String token) {

    String grant() {
        return admissionGrant != null ? admissionGrant : token;
    }
}
