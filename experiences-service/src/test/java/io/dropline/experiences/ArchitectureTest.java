package io.dropline.experiences;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.dropline.contracts.testsupport.DroplineArchRules;

/**
 * The shared rules of style.md, and the wall between the service's two wings: the waiting room
 * ({@code access}) and Spotlight ({@code spotlight}) never depend on each other, and what they share
 * ({@code config}, {@code audience}) depends on neither (README, "Structure"). Inside the waiting room, the
 * distribution core ({@code access.distribution}) imports no type (queue, its engine {@code line}, …) nor any other
 * feature: the types plug into it (ADR 0009).
 */
@AnalyzeClasses(packages = "io.dropline.experiences", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests rules = ArchTests.in(DroplineArchRules.class);

    @ArchTest
    static final ArchRule wall = DroplineArchRules.wall("io.dropline.experiences", "access", "spotlight");

    @ArchTest
    static final ArchRule distributionCore = DroplineArchRules.coreOfPlugins("io.dropline.experiences.access", "distribution");
}
