package io.dropline.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.dropline.contracts.testsupport.DroplineArchRules;

@AnalyzeClasses(packages = "io.dropline.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noSubscribeInWebLayer = DroplineArchRules.NO_SUBSCRIBE_IN_WEB_LAYER;

    @ArchTest
    static final ArchRule noEntitiesInControllers = DroplineArchRules.NO_ENTITIES_IN_CONTROLLERS;

    @ArchTest
    static final ArchRule noConsole = DroplineArchRules.NO_CONSOLE;

    /**
     * The shared NO_BLOCKING rule, minus the bootstrap CLI: its runner waits for its one result on the CLI's main
     * thread, which no request ever reaches (the web server does not even start in that mode).
     */
    @ArchTest
    static final ArchRule noBlockingOutsideTheBootstrapCli = noClasses()
            .that().resideOutsideOfPackage("io.dropline.gateway.bootstrap..")
            .should().callMethod(reactor.core.publisher.Mono.class, "block")
            .orShould().callMethod(reactor.core.publisher.Mono.class, "block", java.time.Duration.class)
            .orShould().callMethod(reactor.core.publisher.Flux.class, "blockFirst")
            .orShould().callMethod(reactor.core.publisher.Flux.class, "blockLast")
            .because("no blocking call may run on an event loop (architecture.md, invariant 6)");

    /** And the bootstrap package blocks only in its runner. */
    @ArchTest
    static final ArchRule onlyTheBootstrapRunnerBlocks = noClasses()
            .that().resideInAPackage("io.dropline.gateway.bootstrap..")
            .and().doNotHaveSimpleName("BootstrapRunner")
            .should().callMethod(reactor.core.publisher.Mono.class, "block", java.time.Duration.class)
            .orShould().callMethod(reactor.core.publisher.Mono.class, "block");
}
