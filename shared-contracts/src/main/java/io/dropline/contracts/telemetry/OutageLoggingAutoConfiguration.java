package io.dropline.contracts.telemetry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Installs {@link OutageLogEncoder} around the encoders of the root logger's appenders (Spring Boot's console, and
 * file when configured) once the context is up: Spring Boot sets logging up before, and again for every application
 * context a test JVM starts, so this runs per context and wraps an encoder only once.
 */
@AutoConfiguration
@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
public class OutageLoggingAutoConfiguration {

    @Bean
    SmartInitializingSingleton outageLogEncoders() {
        return OutageLoggingAutoConfiguration::install;
    }

    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logging)) {
            return;
        }
        Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender && appender.getEncoder() != null
                    && !(appender.getEncoder() instanceof OutageLogEncoder)) {
                OutageLogEncoder encoder = new OutageLogEncoder(appender.getEncoder());
                encoder.setContext(logging);
                appender.setEncoder(encoder);
            }
        }
    }
}
