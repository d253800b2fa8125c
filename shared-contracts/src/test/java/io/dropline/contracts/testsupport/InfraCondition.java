package io.dropline.contracts.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresInfra}. */
class InfraCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = TestInfra.unavailableReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL and Redis are available");
        }
        if (TestInfra.required()) {
            throw new IllegalStateException("TEST_INFRA=require: " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
