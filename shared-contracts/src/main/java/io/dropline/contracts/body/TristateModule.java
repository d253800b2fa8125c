package io.dropline.contracts.body;

import tools.jackson.databind.module.SimpleModule;

/** Teaches Jackson to read {@link Tristate} fields; every Dropline JSON mapper has it (DroplineWebAutoConfiguration). */
public final class TristateModule extends SimpleModule {

    public TristateModule() {
        super("dropline-tristate");
        addDeserializer(Tristate.class, new TristateDeserializer());
    }
}
