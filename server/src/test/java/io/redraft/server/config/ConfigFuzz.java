package io.redraft.server.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of the config parser: a redis.conf text (given on stdin, as
 * {@code redraft-server -}) and command-line options ({@code --name value}) load or fail with a
 * {@link ConfigException} (Redis's FATAL CONFIG FILE ERROR report), never another exception, and
 * never hang. Directives that touch the file system ({@code include}, {@code logfile}, {@code dir})
 * are left out: the fuzzer must not read or create files outside its sandbox. Corpus:
 * {@code ConfigFuzzInputs} (the seed's redis.conf lines and RedisRaft's raft.* directives).
 */
class ConfigFuzz {
    private static final Path CWD = Path.of(System.getProperty("java.io.tmpdir"));
    private static final List<String> FILE_DIRECTIVES = List.of("include", "logfile", "dir");

    @FuzzTest
    void load(FuzzedDataProvider data) {
        int options = data.consumeInt(0, 4);
        String[] args = new String[1 + options];
        args[0] = "-";
        for (int i = 1; i <= options; i++) {
            args[i] = data.consumeString(40);
        }
        byte[] stdin = data.consumeRemainingAsBytes();
        String text = new String(stdin, StandardCharsets.UTF_8) + "\n" + CommandLine.parse(args).options();
        if (touchesFiles(text)) {
            return;
        }
        try {
            ServerConfig.parse(args, new ByteArrayInputStream(stdin), CWD);
        } catch (ConfigException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) throw new AssertionError("an error without a report");
        }
    }

    /** Whether a line would be a file-system directive, decided as ConfigLoader decides it. */
    private static boolean touchesFiles(String text) {
        for (String line : text.split("\n", -1)) {
            List<String> words = ArgSplitter.split(line.strip());
            if (words != null && !words.isEmpty() && FILE_DIRECTIVES.contains(words.get(0).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
