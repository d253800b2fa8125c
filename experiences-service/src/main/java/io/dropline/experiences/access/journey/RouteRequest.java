package io.dropline.experiences.access.journey;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;

/** The body of {@code POST /experiences/{id}/route}: {@code {accessCode?}}; the body itself is optional. */
record RouteRequest(@Text(max = RouteRequest.MAX_CODE) Tristate<String> accessCode) {

    /** Longest access code an admin can set (the admin API's limit), so anything longer cannot match. */
    static final int MAX_CODE = 100;

    static final RouteRequest NONE = new RouteRequest(Tristate.absent());

    /** The access code given, stripped; null when none. */
    String code() {
        return FieldRules.stripped(accessCode).value();
    }
}
