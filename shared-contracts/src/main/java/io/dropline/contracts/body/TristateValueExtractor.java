package io.dropline.contracts.body;

import jakarta.validation.valueextraction.ExtractedValue;
import jakarta.validation.valueextraction.ValueExtractor;

/** Lets {@code Tristate<@Valid NestedRequest>} cascade validation into the value (registered in META-INF/services). */
public final class TristateValueExtractor implements ValueExtractor<Tristate<@ExtractedValue ?>> {

    @Override
    public void extractValues(Tristate<?> originalValue, ValueReceiver receiver) {
        receiver.value(null, originalValue.validated());
    }
}
