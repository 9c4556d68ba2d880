package io.redraft.server.config;

import io.redraft.store.Glob;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.Collections;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redis's loadServerConfigFromString: applies redis.conf text line by line to a {@link ServerConfig},
 * stopping at the first bad line with Redis's FATAL CONFIG FILE ERROR report. RedisRaft's
 * {@code raft.*} lines are queued like Redis queues module configs (a later line for the same
 * name replaces an earlier one) and applied once the whole text is read.
 */
final class ConfigLoader {
    private static final int MAX_INCLUDE_DEPTH = 16;

    /** Redis 7 silently skips these when they have exactly one argument. */
    private static final Set<String> DEPRECATED = Set.of(
            "list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");

    private record Queued(String value, String line, int lineNumber) {}

    private final ServerConfig config;
    private final Map<String, Queued> moduleConfigs = new LinkedHashMap<>();

    ConfigLoader(ServerConfig config) {
        this.config = config;
    }

    /** Loads the top-level text (config file + stdin + command-line options) and the queued raft.* settings. */
    void loadTop(String text) throws ConfigException {
        load(text, 0);
        for (Map.Entry<String, Queued> e : moduleConfigs.entrySet()) {
            Param p = config.lookup(e.getKey());
            Queued q = e.getValue();
            if (p == null || !p.has(Param.Flag.MODULE)) throw fatal(q.lineNumber, q.line, "Bad directive or wrong number of arguments");
            try {
                config.applyAtLoad(p, ServerConfig.splitOnSpaces(p, q.value));
            } catch (InvalidValue iv) {
                throw fatal(q.lineNumber, q.line, iv.getMessage());
            }
        }
        checkLogfile();
    }

    /** Like Redis, make sure the log file can be opened before going further (it is created if missing). */
    private void checkLogfile() throws ConfigException {
        String logfile = config.logfile();
        if (logfile.isEmpty()) return;
        Path file = config.dir().resolve(logfile);
        try (var ignored = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            // opened and closed: writable
        } catch (NoSuchFileException e) {
            throw fatal("Can't open the log file: No such file or directory");
        } catch (AccessDeniedException e) {
            throw fatal("Can't open the log file: Permission denied");
        } catch (IOException e) {
            throw fatal("Can't open the log file: " + (Files.isDirectory(file) ? "Is a directory" : e.getMessage()));
        }
    }

    static String readFile(Path file, String shownName) throws ConfigException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw cantOpen(shownName, "No such file or directory");
        } catch (AccessDeniedException e) {
            throw cantOpen(shownName, "Permission denied");
        } catch (IOException e) {
            throw cantOpen(shownName, Files.isDirectory(file) ? "Is a directory" : String.valueOf(e.getMessage()));
        }
    }

    /**
     * The text of an include: one file, or with wildcards in its last component all matching
     * files in alphabetical order, concatenated (no match is no error, as in Redis).
     */
    private String readInclude(String name) throws ConfigException {
        // Relative to the current dir: Redis has changed directory at each dir directive so far.
        Path path = config.dir().resolve(name);
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!Glob.hasWildcards(last)) return readFile(path, name);
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), last)) {
            dir.forEach(matches::add);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        Collections.sort(matches);
        StringBuilder text = new StringBuilder();
        for (Path m : matches) text.append(readFile(m, m.toString()));
        return text.toString();
    }

    private static ConfigException cantOpen(String name, String reason) {
        return new ConfigException("Fatal error, can't open config file '" + name + "': " + reason);
    }

    private void load(String text, int depth) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            List<String> argv = ArgSplitter.split(line);
            if (argv == null) throw fatal(lineNumber, line, "Unbalanced quotes in configuration line");
            if (argv.isEmpty()) continue;
            String name = argv.get(0).toLowerCase(Locale.ROOT);
            int argc = argv.size();
            Param p = config.lookup(name);
            if (p != null && !p.has(Param.Flag.MODULE)) {
                if (!p.type().multiArg() && argc != 2) throw fatal(lineNumber, line, "wrong number of arguments");
                List<String> values = argv.subList(1, argc);
                if (p.type().multiArg() && argc == 2 && !argv.get(1).isEmpty()) {
                    // `--bind "a b"` arrives as one word; Redis splits it again.
                    List<String> again = ArgSplitter.split(argv.get(1));
                    values = again == null ? List.of() : again;
                }
                try {
                    config.applyAtLoad(p, values);
                } catch (InvalidValue iv) {
                    throw fatal(lineNumber, line, iv.getMessage());
                }
            } else if (DEPRECATED.contains(name) && argc == 2) {
                config.notice("Ignoring deprecated directive '" + name + "'");
            } else if (name.equals("include") && argc == 2) {
                if (depth >= MAX_INCLUDE_DEPTH) throw fatal(lineNumber, line, "Too many nested include directives");
                load(readInclude(argv.get(1)), depth + 1);
            } else if (name.equals("user") && argc >= 2) {
                config.addUserDirective(argv.subList(1, argc)); // loaded by the ACL at start-up (io.redraft.server.acl)
            } else if (name.equals("loadmodule") && argc >= 2) {
                loadModule(argv);
            } else if (name.indexOf('.') >= 0) {
                if (argc < 2) throw fatal(lineNumber, line, "Module config specified without value");
                moduleConfigs.remove(name);
                moduleConfigs.put(name, new Queued(String.join(" ", argv.subList(1, argc)), line, lineNumber));
            } else {
                throw fatal(lineNumber, line, "Bad directive or wrong number of arguments");
            }
        }
    }

    /** RedisRaft command lines load the module; Redraft has Raft built in, so the directive is a no-op. */
    private void loadModule(List<String> argv) {
        config.notice("Ignoring loadmodule " + argv.get(1) + ": Raft is built into Redraft");
        if (argv.size() > 2) {
            // RedisRaft ignores its positional module arguments too; settings must be raft.<name> directives.
            config.notice("Ignoring module arguments '" + String.join(" ", argv.subList(2, argv.size()))
                    + "': give them as raft.<name> <value> directives");
        }
    }

    /** An error found after reading all lines: Redis prints no line. */
    static ConfigException fatal(String reason) {
        return new ConfigException("\n*** FATAL CONFIG FILE ERROR (Redis " + ServerConfig.REDIS_VERSION + ") ***\n" + reason);
    }

    static ConfigException fatal(int lineNumber, String line, String reason) {
        return new ConfigException("\n*** FATAL CONFIG FILE ERROR (Redis " + ServerConfig.REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n"
                + reason);
    }

    /** sdstrim(line, " \t\r\n"). */
    private static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && " \t\r\n".indexOf(s.charAt(a)) >= 0) a++;
        while (b > a && " \t\r\n".indexOf(s.charAt(b - 1)) >= 0) b--;
        return s.substring(a, b);
    }
}
