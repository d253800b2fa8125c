package io.dropline.contracts.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs real PostgreSQL and Redis. Evaluated before Spring loads a context: the class
 * is skipped when neither local servers nor Docker exist, and fails instead under {@code TEST_INFRA=require}.
 * Inherited, so a shared base test class can carry it.
 */
@Target(ElementType.TYPE)
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InfraCondition.class)
public @interface RequiresInfra {
}
