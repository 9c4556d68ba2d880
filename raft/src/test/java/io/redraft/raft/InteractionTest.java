package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Data-driven scenarios, after etcd-io/raft's {@code testdata/*.txt}: each file in
 * {@code src/test/resources/testdata} is a list of blocks
 *
 * <pre>
 * command args...
 * ----
 * expected output
 * </pre>
 *
 * separated by blank lines; {@code #} starts a comment line. The commands drive an
 * {@link Interaction} world (see there); the output is every Ready handled and every message
 * delivered, so a scenario reads as a trace of the protocol. {@code -Draft.rewrite=true} writes
 * the actual output back into the files (review the diff before committing it).
 */
class InteractionTest {
    private static final Path DIR = Path.of("src/test/resources/testdata");

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private static void run(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Interaction world = new Interaction();
        StringBuilder rewritten = new StringBuilder();
        StringBuilder failures = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                rewritten.append(line).append('\n');
                i++;
                continue;
            }
            int at = i + 1;
            if (at >= lines.size() || !lines.get(at).equals("----")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected ---- after " + line);
            }
            int end = at + 1;
            StringBuilder expected = new StringBuilder();
            while (end < lines.size() && !lines.get(end).isEmpty()) expected.append(lines.get(end++)).append('\n');
            String actual = world.run(line);
            if (!actual.contentEquals(expected)) {
                failures.append(file.getFileName()).append(':').append(i + 1).append(": ").append(line)
                        .append("\nexpected:\n").append(expected).append("actual:\n").append(actual).append('\n');
            }
            rewritten.append(line).append("\n----\n").append(actual);
            i = end;
        }
        if (Boolean.getBoolean("raft.rewrite")) {
            Files.writeString(file, rewritten.toString(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(failures.toString()).as("scenario output differs").isEmpty();
    }
}
