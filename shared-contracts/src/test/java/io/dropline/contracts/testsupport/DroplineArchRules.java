package io.dropline.contracts.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.web.bind.annotation.RestController;

/** The architecture rules of style.md, shared by every module's {@code ArchitectureTest}. */
public final class DroplineArchRules {

    private DroplineArchRules() {
    }

    /** Event loops never block: no block()/toFuture().get() in main code. */
    public static final ArchRule NO_BLOCKING = noClasses()
            .should().callMethod(reactor.core.publisher.Mono.class, "block")
            .orShould().callMethod(reactor.core.publisher.Mono.class, "block", java.time.Duration.class)
            .orShould().callMethod(reactor.core.publisher.Flux.class, "blockFirst")
            .orShould().callMethod(reactor.core.publisher.Flux.class, "blockLast")
            .because("no blocking call may run on an event loop (architecture.md, invariant 6)");

    /** Reactive chains are returned to the framework, not subscribed to by hand (except where a rule allows it). */
    public static final ArchRule NO_SUBSCRIBE_IN_WEB_LAYER = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().callMethod(reactor.core.publisher.Mono.class, "subscribe")
            .orShould().callMethod(reactor.core.publisher.Flux.class, "subscribe")
            .because("controllers return their chains; subscribing by hand loses errors and back-pressure")
            // A service without resources yet has no controllers; the rule applies as soon as it has one.
            .allowEmptyShould(true);

    /** R2DBC entities never cross the controller boundary, in signatures or anywhere else in a controller. */
    public static final ArchRule NO_ENTITIES_IN_CONTROLLERS = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().areAnnotatedWith(Table.class)
            .because("responses are records made by explicit XxxResponse.from(...) methods")
            .allowEmptyShould(true);

    /** The logger, never the console. */
    public static final ArchRule NO_CONSOLE = noClasses()
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("log lines go through the logger, with request ids");
}
