package io.dropline.consumer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.dropline.contracts.testsupport.DroplineArchRules;

/** The shared rules of style.md (no blocking, thin controllers without entities, no console, no package cycles). */
@AnalyzeClasses(packages = "io.dropline.consumer", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests rules = ArchTests.in(DroplineArchRules.class);
}
