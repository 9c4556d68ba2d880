package io.redraft.server.config;

import java.util.List;

/**
 * redis-server's argv: an optional config file first, then {@code --name value...} options that
 * Redis turns into config lines appended after the file (so the first option is "line 2" when
 * there is no file), and {@code -} to read the config from stdin.
 */
record CommandLine(String configFile, boolean fromStdin, String options) {

    static CommandLine parse(String[] args) {
        int n = args.length;
        int j = 0;
        String file = null;
        if (n > 0 && (args[0].isEmpty() || args[0].charAt(0) != '-')) {
            file = args[0];
            j = 1;
        }
        boolean stdin = false;
        boolean handledLast = true;
        StringBuilder options = new StringBuilder();
        for (; j < n; j++) {
            String a = args[j];
            if (a.equals("-") && (j == 0 || j == n - 1)) {
                stdin = true;
            } else if (handledLast && a.startsWith("--")) {
                if (!options.isEmpty()) options.append('\n');
                options.append(a, 2, a.length()).append(' ');
                List<String> words = ArgSplitter.split(a);
                if (words != null && words.size() == 1) {
                    // A bare option name: what follows is its value, even if it starts with "--".
                    handledLast = false;
                    boolean save = a.equalsIgnoreCase("--save");
                    if (save && j != n - 1 && args[j + 1].startsWith("--")) {
                        // `--save --port 1` means `--save ""`, as before Redis 7.0.1.
                        options.append("\"\"");
                        handledLast = true;
                    } else if (save && j == n - 1) {
                        options.append("\"\"");
                    }
                } else {
                    handledLast = true;
                }
            } else {
                options.append(ArgSplitter.repr(a)).append(' ');
                handledLast = true;
            }
        }
        return new CommandLine(file, stdin, options.toString());
    }
}
