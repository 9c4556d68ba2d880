package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the parameters the code defines. After changing a table,
 * regenerate with {@code -Dredraft.writeDocs=true}.
 */
class ConfigDocTest {
    private static Path doc() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/configuration.md"))) p = p.getParent();
        assertThat(p).as("docs/configuration.md above the working directory").isNotNull();
        return p.resolve("docs/configuration.md");
    }

    @Test
    void docTablesMatchTheCode() throws Exception {
        Path doc = doc();
        String text = Files.readString(doc);
        int begin = text.indexOf(ConfigDoc.BEGIN);
        int end = text.indexOf(ConfigDoc.END);
        assertThat(begin).as("generated section markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String current = text.substring(begin, end + ConfigDoc.END.length());
        String expected = ConfigDoc.tables();
        if (Boolean.getBoolean("redraft.writeDocs") && !current.equals(expected)) {
            Files.writeString(doc, text.substring(0, begin) + expected + text.substring(end + ConfigDoc.END.length()));
            return;
        }
        assertThat(current).as("docs/configuration.md is out of date: run ConfigDocTest with -Dredraft.writeDocs=true")
                .isEqualTo(expected);
    }

    @Test
    void everyParameterIsDocumented() {
        String tables = ConfigDoc.tables();
        for (Param p : ServerConfig.defaults().params()) {
            assertThat(tables).contains("| `" + p.name() + "`");
            assertThat(p.doc()).isNotBlank();
        }
    }
}
