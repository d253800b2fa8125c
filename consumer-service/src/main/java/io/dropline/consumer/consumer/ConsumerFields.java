package io.dropline.consumer.consumer;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writable fields of a consumer as one body states them: {@link CreateConsumerRequest}, {@link UpdateConsumerRequest}
 * and the items of the batches. Create and update take the same fields with the same rules.
 */
interface ConsumerFields {

    int MAX_METADATA_CHARS = 16_384;
    String OBJECT = "Must be an object or null";

    Tristate<String> email();

    Tristate<String> phone();

    Tristate<String> fullName();

    Tristate<ObjectNode> metadata();

    Tristate<String> externalId();

    default ConsumerWrite toWrite() {
        return new ConsumerWrite(FieldRules.stripped(email()), FieldRules.stripped(phone()), FieldRules.stripped(fullName()),
                FieldRules.jsonText(metadata()), FieldRules.stripped(externalId()));
    }

    final class Email implements FieldRules.TextRule {

        private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        @Override
        public String problem(String email) {
            return EMAIL.matcher(email).matches() ? null : "Must be a valid email address";
        }
    }

    final class Phone implements FieldRules.TextRule {

        private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

        @Override
        public String problem(String phone) {
            return E164.matcher(phone).matches() ? null : "Must be in E.164 format, e.g. +14155550123";
        }
    }
}
