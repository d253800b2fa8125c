package io.dropline.contracts.context;

/** The two environments of an organization: data made with test keys is invisible to live keys and back. */
public enum Environment {
    LIVE, TEST;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
