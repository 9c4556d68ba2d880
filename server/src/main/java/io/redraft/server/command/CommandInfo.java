package io.redraft.server.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's interface facts, as Redis 7's COMMAND INFO gives them: arity (negative: at least
 * that many arguments, the name included), flags, the legacy key range (first, last, step), ACL
 * categories (without the '@'), tips and key specs. Lists keep Redis's reply order.
 *
 * <p>Resource line: {@code name TAB arity TAB flags TAB first last step TAB acl TAB tips TAB
 * keyspecs}, lists space-separated, an empty list written {@code -}.
 */
public record CommandInfo(String name, int arity, List<String> flags, int firstKey, int lastKey, int step,
                          List<String> aclCategories, List<String> tips, List<KeySpec> keySpecs) {
    public CommandInfo {
        flags = List.copyOf(flags);
        aclCategories = List.copyOf(aclCategories);
        tips = List.copyOf(tips);
        keySpecs = List.copyOf(keySpecs);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The container's name for a subcommand ({@code client} for {@code client|list}), else null. */
    public String container() {
        int bar = name.indexOf('|');
        return bar < 0 ? null : name.substring(0, bar);
    }

    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    static CommandInfo parse(String line) {
        String[] c = line.split("\t", -1);
        if (c.length != 7) throw new IllegalArgumentException("expected 7 columns: " + line);
        String[] range = c[3].split(" ");
        List<KeySpec> specs = new ArrayList<>();
        for (String s : list(c[6])) specs.add(KeySpec.parse(s));
        return new CommandInfo(c[0], Integer.parseInt(c[1]), list(c[2]), Integer.parseInt(range[0]),
                Integer.parseInt(range[1]), Integer.parseInt(range[2]), list(c[4]), list(c[5]), specs);
    }

    /** The resource line for these facts (the inverse of {@link #parse}). */
    public String line() {
        List<String> specs = new ArrayList<>();
        for (KeySpec k : keySpecs) specs.add(k.compact());
        return String.join("\t", name, Integer.toString(arity), join(flags), firstKey + " " + lastKey + " " + step,
                join(aclCategories), join(tips), join(specs));
    }

    private static List<String> list(String s) {
        return s.equals("-") ? List.of() : List.of(s.split(" "));
    }

    private static String join(List<String> l) {
        return l.isEmpty() ? "-" : String.join(" ", l);
    }

    /** Every line of a resource file, comments ('#') and blank lines skipped. */
    static List<CommandInfo> load(String resource) {
        List<CommandInfo> out = new ArrayList<>();
        try (InputStream in = CommandInfo.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from the server jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(parse(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
