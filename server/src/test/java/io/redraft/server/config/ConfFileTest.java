package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dist/src/conf/redraft.conf (the packages' annotated config) lists every directive at its default.
 * After changing a directive table, regenerate with {@code -Dredraft.writeDocs=true}.
 */
class ConfFileTest {
    private static Path conf() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("dist/src/conf/redraft.conf"))) p = p.getParent();
        assertThat(p).as("dist/src/conf/redraft.conf above the working directory").isNotNull();
        return p.resolve("dist/src/conf/redraft.conf");
    }

    @Test
    void shippedFileMatchesTheCode() throws Exception {
        Path conf = conf();
        String expected = ConfFile.text();
        String current = Files.readString(conf);
        if (Boolean.getBoolean("redraft.writeDocs") && !current.equals(expected)) {
            Files.writeString(conf, expected);
            return;
        }
        assertThat(current).as("dist/src/conf/redraft.conf is out of date: run ConfFileTest with -Dredraft.writeDocs=true")
                .isEqualTo(expected);
    }

    @Test
    void everyDirectiveIsThereOnceAsASettingLine() {
        String text = ConfFile.text();
        for (Param p : ServerConfig.defaults().params()) {
            assertThat(text).as(p.name()).containsOnlyOnce("\n# " + p.name() + " ");
        }
    }

    /** Uncommenting every setting line gives a file the server reads, and it changes nothing. */
    @Test
    void uncommentedDefaultsParseToTheDefaults(@TempDir Path dir) throws Exception {
        ServerConfig defaults = ServerConfig.defaults();
        List<String> lines = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        for (Param p : defaults.params()) {
            // dir is the working directory by default; the file says "./" for it.
            String value = ConfFile.defaultValue(p);
            if (value == null) unset.add(p.name());
            else lines.add(p.name() + " " + value);
        }
        assertThat(unset).as("directives with no default value to write").containsExactly("replicaof");
        Path file = dir.resolve("all.conf");
        Files.write(file, lines);
        ServerConfig parsed = ServerConfig.parse(new String[] {file.toString()}, new ByteArrayInputStream(new byte[0]), dir);
        ServerConfig reference = ServerConfig.parse(new String[0], new ByteArrayInputStream(new byte[0]), dir);
        for (Param p : defaults.params()) {
            assertThat(parsed.value(p.name())).as(p.name()).isEqualTo(reference.value(p.name()));
        }
    }
}
