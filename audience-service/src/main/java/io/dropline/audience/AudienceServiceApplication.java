package io.dropline.audience;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Audiences (static, rule-based, synced), their members, and the membership answer. */
@SpringBootApplication
public class AudienceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AudienceServiceApplication.class, args);
    }
}
