package io.dropline.commerce.common;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Binding helpers every repository of this service shares: the tenant scope, nullable values, partial updates. */
public final class Sql {

    /** The WHERE clause every statement carries; another tenant's or environment's row is simply not found. */
    public static final String SCOPE = "organization_id = :org AND environment = :env";

    private Sql() {
    }

    public static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    public static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    /** Binds {@code set<Flag>} and the value, for {@code CASE WHEN :setX THEN :x ELSE x END}. */
    public static <T> GenericExecuteSpec change(GenericExecuteSpec spec, String name, Tristate<T> change, Class<T> type) {
        String flag = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return nullable(spec.bind(flag, change.present()), name, change.value(), type);
    }
}
