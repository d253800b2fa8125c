package io.dropline.analytics.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.event.EventTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /webhooks/events} cannot drift from what is emitted: every main source of every module is read (this
 * module runs from {@code analytics-service/}, the others are its siblings), and (1) no file but {@link EventTypes}
 * spells a domain event type as a string literal (so an emitter cannot add a type the catalogue does not know), and
 * (2) every catalogued type's constant is used by some main source outside the catalogue's own class (so nothing is
 * catalogued that no service emits). analytics-service's query vocabulary ({@code query/EventNames}) maps the
 * reference's names, emitted or not, and is left out of (1).
 */
class EventCatalogueDriftTest {

    private static final Pattern TYPE_LITERAL = Pattern.compile(
            "\"((?:queue|draw|auction|timed_release|waitlist|appointment|order|consumer|distribution|webhook)\\.[a-z_]+(?:\\.[a-z_]+)?)\"");
    private static final Set<String> VOCABULARY_FILES = Set.of("EventTypes.java", "EventNames.java");
    /** Strings of the same shape that are not event types: a live metric's name, the synthetic test delivery's type. */
    private static final Set<String> NOT_EVENT_TYPES = Set.of("queue.length", "webhook.test");

    private static List<Path> mainSources() {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
                    }
                }
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Test
    void noMainSourceSpellsAnEventTypeOutsideTheCatalogue() {
        List<Path> sources = mainSources();
        assertThat(sources).as("the sibling modules' sources").anyMatch(file -> file.toString().contains("experiences-service"));
        List<String> literals = new ArrayList<>();
        for (Path file : sources) {
            if (VOCABULARY_FILES.contains(file.getFileName().toString())) {
                continue;
            }
            Matcher matcher = TYPE_LITERAL.matcher(read(file));
            while (matcher.find()) {
                if (!NOT_EVENT_TYPES.contains(matcher.group(1))) {
                    literals.add(file + ": " + matcher.group(1));
                }
            }
        }
        assertThat(literals).as("event types spelled outside EventTypes (use or add a constant, and catalogue it)").isEmpty();
    }

    @Test
    void everyCataloguedTypeIsEmittedSomewhere() throws IllegalAccessException {
        Map<String, String> constants = new HashMap<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.put((String) field.get(null), field.getName());
            }
        }
        List<String> emitters = mainSources().stream()
                .filter(file -> !file.getFileName().toString().equals("EventTypes.java"))
                .map(EventCatalogueDriftTest::read).toList();
        for (EventTypes.Catalogued entry : EventTypes.CATALOGUE) {
            String constant = constants.get(entry.type());
            assertThat(constant).as("a constant for " + entry.type()).isNotNull();
            assertThat(emitters).as(entry.type() + " (EventTypes." + constant + ") is used by an emitter")
                    .anyMatch(source -> source.contains("EventTypes." + constant) || source.contains("import static "
                            + EventTypes.class.getName() + "." + constant + ";"));
        }
        // And the other way: a constant some main source uses is catalogued, unless it is one of the two logs never delivered.
        Set<String> catalogued = EventTypes.CATALOGUE.stream().map(EventTypes.Catalogued::type).collect(java.util.stream.Collectors.toSet());
        constants.forEach((type, constant) -> {
            boolean used = emitters.stream().anyMatch(source -> Pattern.compile("EventTypes\\." + constant + "\\b").matcher(source).find());
            if (used && !type.equals(EventTypes.ADMIN_ACTIVITY) && !type.equals(EventTypes.SDK_EVENT)) {
                assertThat(catalogued).as("EventTypes." + constant + " is used by a main source, so it is catalogued").contains(type);
            }
        });
        assertThat(EventTypes.CATALOGUE.stream().map(EventTypes.Catalogued::type)).doesNotHaveDuplicates()
                .doesNotContain(EventTypes.ADMIN_ACTIVITY, EventTypes.SDK_EVENT);
        assertThat(Arrays.stream(EventTypes.class.getFields()).filter(field -> field.getType() == String.class)).isNotEmpty();
    }
}
