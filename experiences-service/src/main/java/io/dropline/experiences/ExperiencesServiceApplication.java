package io.dropline.experiences;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Experiences, sequences and distributions (queues first), admission grants, routing; Spotlight tours, content, themes and SDK eligibility. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExperiencesServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExperiencesServiceApplication.class, args);
    }
}
