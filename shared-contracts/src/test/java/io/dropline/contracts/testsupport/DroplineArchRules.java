package io.dropline.contracts.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.web.bind.annotation.RestController;

/**
 * The architecture rules of style.md, shared by every module's {@code ArchitectureTest}, which includes them all with
 * {@code @ArchTest static final ArchTests rules = ArchTests.in(DroplineArchRules.class);} and adds only what is its
 * own (experiences-service: {@link #wall}, {@link #coreOfPlugins}).
 */
public final class DroplineArchRules {

    private DroplineArchRules() {
    }

    /**
     * The gateway's bootstrap CLI waits for its one result on the CLI's main thread, which no request ever reaches
     * (the web server does not even start in that mode). It is the only class anywhere allowed to block.
     */
    private static final String BOOTSTRAP_CLI = "io.dropline.gateway.bootstrap.BootstrapRunner";

    /** Event loops never block: no block()/blockFirst()/blockLast() in main code. */
    @ArchTest
    public static final ArchRule NO_BLOCKING = noClasses()
            .that().doNotHaveFullyQualifiedName(BOOTSTRAP_CLI)
            .should().callMethod(reactor.core.publisher.Mono.class, "block")
            .orShould().callMethod(reactor.core.publisher.Mono.class, "block", java.time.Duration.class)
            .orShould().callMethod(reactor.core.publisher.Flux.class, "blockFirst")
            .orShould().callMethod(reactor.core.publisher.Flux.class, "blockLast")
            .because("no blocking call may run on an event loop (architecture.md, invariant 6)");

    /** Reactive chains are returned to the framework, not subscribed to by hand (except where a rule allows it). */
    @ArchTest
    public static final ArchRule NO_SUBSCRIBE_IN_WEB_LAYER = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().callMethod(reactor.core.publisher.Mono.class, "subscribe")
            .orShould().callMethod(reactor.core.publisher.Flux.class, "subscribe")
            .because("controllers return their chains; subscribing by hand loses errors and back-pressure")
            // A service without resources yet has no controllers; the rule applies as soon as it has one.
            .allowEmptyShould(true);

    /**
     * What the services persist: R2DBC entities are named {@code *Entity} (experiences, audiences, consumers,
     * sessions, tours, …, written with hand-written SQL); the gateway's also carry {@code @Table}.
     */
    private static final DescribedPredicate<JavaClass> PERSISTED_ENTITIES = describe("are persisted entities (*Entity or @Table)",
            type -> type.getSimpleName().endsWith("Entity") || type.isAnnotatedWith(Table.class));

    /** R2DBC entities never cross the controller boundary, in signatures or anywhere else in a controller. */
    @ArchTest
    public static final ArchRule NO_ENTITIES_IN_CONTROLLERS = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat(PERSISTED_ENTITIES)
            .because("responses are records made by explicit XxxResponse.from(...) methods")
            .allowEmptyShould(true);

    /** The logger, never the console. */
    @ArchTest
    public static final ArchRule NO_CONSOLE = noClasses()
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("log lines go through the logger, with request ids");

    /**
     * No package cycles inside a service: every package (at any depth) is a slice, so a cycle between two features,
     * or between a feature and its own sub-package, fails. Features depend on each other in one direction only.
     */
    @ArchTest
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.dropline.(**)")
            .should().beFreeOfCycles()
            .because("package by feature: a cycle makes two features one (style.md)");

    /**
     * Wings of one service (sub-packages of {@code basePackage}) that must stay apart: no wing depends on another, and
     * the shared packages around them (the rest of {@code basePackage}) depend on none, so a wing can later become its
     * own service by a copy-move.
     */
    public static ArchRule wall(String basePackage, String... wings) {
        List<ArchRule> rules = new ArrayList<>();
        String[] wingPackages = Arrays.stream(wings).map(wing -> basePackage + "." + wing + "..").toArray(String[]::new);
        for (String wing : wings) {
            String[] others = Arrays.stream(wings).filter(other -> !other.equals(wing))
                    .map(other -> basePackage + "." + other + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(basePackage + "." + wing + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("the " + wing + " wing stays apart from the other wings of " + basePackage));
        }
        rules.add(noClasses().that().resideInAPackage(basePackage + "..").and().resideOutsideOfPackages(wingPackages)
                .should().dependOnClassesThat().resideInAnyPackage(wingPackages)
                .because("what the wings share depends on no wing"));
        return CompositeArchRule.of(rules);
    }

    /**
     * A core that plug-ins of one wing build on (experiences-service: the distribution core under the distribution
     * types): the core, {@code wingPackage.core} and its sub-packages, depends on no other package of the wing, so
     * the plug-ins depend on the core and never the reverse, and a new plug-in never needs the core changed.
     */
    public static ArchRule coreOfPlugins(String wingPackage, String core) {
        String corePackage = wingPackage + "." + core + "..";
        return noClasses().that().resideInAPackage(corePackage)
                .should().dependOnClassesThat(resideInAPackage(wingPackage + "..").and(not(resideInAPackage(corePackage)))
                        .as("reside in another package of " + wingPackage))
                .because("the " + core + " core never imports a plug-in's package; the plug-ins depend on it");
    }
}
