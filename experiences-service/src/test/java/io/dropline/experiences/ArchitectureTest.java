package io.dropline.experiences;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dropline.contracts.testsupport.DroplineArchRules;

@AnalyzeClasses(packages = "io.dropline.experiences", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noBlocking = DroplineArchRules.NO_BLOCKING;

    @ArchTest
    static final ArchRule noSubscribeInControllers = DroplineArchRules.NO_SUBSCRIBE_IN_WEB_LAYER;

    @ArchTest
    static final ArchRule noEntitiesInControllers = DroplineArchRules.NO_ENTITIES_IN_CONTROLLERS;

    @ArchTest
    static final ArchRule noConsole = DroplineArchRules.NO_CONSOLE;
}
