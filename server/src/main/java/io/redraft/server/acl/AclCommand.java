package io.redraft.server.acl;

import io.redraft.resp.ReplySink;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.node.ClientSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The ACL subcommands a node answers from its own copy of the table (WHOAMI, USERS, LIST,
 * GETUSER, CAT, GENPASS, LOG, DRYRUN, SAVE, HELP), and what the node does to SETUSER and LOAD
 * before they are logged. Replies as Redis 7.0's.
 */
final class AclCommand {
    static final String NO_ACL_FILE = "ERR This Redis instance is not configured to use an ACL file. You may want to"
            + " specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis"
            + " configuration file set) in order to store users in the Redis configuration.";

    private static final String[] HELP = {
        "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
        "HELP",
        "    Print this help.",
    };

    private final Acl acl;
    private final SecureRandom random = new SecureRandom();

    AclCommand(Acl acl) {
        this.acl = acl;
    }

    static String badUsername(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == ' ' || ch == 0) return "ERR Usernames can't contain spaces or null characters";
        }
        return null;
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error("ERR wrong number of arguments for 'acl' command");
            return;
        }
        String sub = text(argv[1]).toLowerCase(Locale.ROOT);
        ServerCommand cmd = Acl.lookup(argv, 0);
        if (cmd == null || !cmd.isSubcommand()) {
            out.error("ERR unknown subcommand '" + text(argv[1]) + "'. Try ACL HELP.");
            return;
        }
        if (!cmd.info().arityOk(argv.length)) {
            out.error("ERR wrong number of arguments for '" + cmd.name() + "' command");
            return;
        }
        Users users = acl.users();
        switch (sub) {
            case "whoami" -> bulk(out, s.user());
            case "users" -> {
                out.arrayHeader(users.all().size());
                for (AclUser u : users.all()) bulk(out, u.name);
            }
            case "list" -> {
                out.arrayHeader(users.all().size());
                for (AclUser u : users.all()) bulk(out, "user " + u.name + " " + u.describe());
            }
            case "getuser" -> getUser(users.get(text(argv[2])), out);
            case "cat" -> cat(argv, out);
            case "genpass" -> genpass(argv, out);
            case "log" -> log(argv, out);
            case "dryrun" -> dryrun(argv, out);
            case "save" -> save(out);
            case "help" -> {
                out.arrayHeader(HELP.length);
                for (String line : HELP) out.status(line);
            }
            default -> out.error("ERR unknown subcommand '" + text(argv[1]) + "'. Try ACL HELP.");
        }
    }

    private void getUser(AclUser u, ReplySink out) {
        if (u == null) {
            out.nullBulk();
            return;
        }
        out.mapHeader(6);
        bulk(out, "flags");
        List<String> flags = u.flags();
        out.arrayHeader(flags.size());
        for (String f : flags) bulk(out, f);
        bulk(out, "passwords");
        out.arrayHeader(u.passwords.size());
        for (String p : u.passwords) bulk(out, p);
        selectorFields(u.root, out);
        bulk(out, "selectors");
        out.arrayHeader(u.selectors.size());
        for (Selector sel : u.selectors) {
            out.mapHeader(3);
            selectorFields(sel, out);
        }
    }

    private static void selectorFields(Selector sel, ReplySink out) {
        bulk(out, "commands");
        bulk(out, sel.commandRules());
        bulk(out, "keys");
        bulk(out, sel.keysText());
        bulk(out, "channels");
        bulk(out, sel.channelsText());
    }

    private void cat(byte[][] argv, ReplySink out) {
        AclCommandSpace space = acl.space();
        if (argv.length == 2) {
            out.arrayHeader(AclCommandSpace.CATEGORIES.size());
            for (String c : AclCommandSpace.CATEGORIES) bulk(out, c);
            return;
        }
        String cat = text(argv[2]);
        if (!space.isCategory(cat)) {
            out.error("ERR Unknown category '" + cat + "'");
            return;
        }
        boolean raft = cat.equalsIgnoreCase("raft");
        BitSet bits = space.category(cat);
        List<String> names = new ArrayList<>();
        for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
            ServerCommand c = space.command(b);
            // Redis leaves module commands out of ACL CAT; RAFT.* show only under @raft.
            if (!raft && c.name().startsWith("raft")) continue;
            names.add(c.name());
        }
        out.arrayHeader(names.size());
        for (String n : names) bulk(out, n);
    }

    private void genpass(byte[][] argv, ReplySink out) {
        long bits = 256;
        if (argv.length > 2) {
            try {
                bits = Long.parseLong(text(argv[2]));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits <= 0 || bits > 4096) {
                out.error("ERR ACL GENPASS argument must be the number of bits for the output password, a positive"
                        + " number up to 4096");
                return;
            }
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] raw = new byte[(chars + 1) / 2];
        random.nextBytes(raw);
        bulk(out, HexFormat.of().formatHex(raw).substring(0, chars));
    }

    private void log(byte[][] argv, ReplySink out) {
        long count = 10;
        if (argv.length > 2) {
            String a = text(argv[2]);
            if (a.equalsIgnoreCase("reset")) {
                acl.aclLog.reset();
                out.status("OK");
                return;
            }
            try {
                count = Long.parseLong(a);
            } catch (NumberFormatException e) {
                out.error("ERR value is not an integer or out of range");
                return;
            }
            if (count < 0) count = 0; // as Redis: a negative count lists nothing
        }
        acl.aclLog.reply(count, System.currentTimeMillis(), out);
    }

    private void dryrun(byte[][] argv, ReplySink out) {
        String name = text(argv[2]);
        AclUser u = acl.users().get(name);
        if (u == null) {
            out.error("ERR User '" + name + "' not found");
            return;
        }
        ServerCommand cmd = Acl.lookup(argv, 3);
        int bit = cmd == null ? -1 : acl.space().bit(cmd.name());
        if (bit < 0) {
            out.error("ERR Command '" + text(argv[3]) + "' not found");
            return;
        }
        if (!cmd.info().arityOk(argv.length - 3)) {
            out.error("ERR wrong number of arguments for '" + cmd.name() + "' command");
            return;
        }
        byte[][] words = java.util.Arrays.copyOfRange(argv, 3, argv.length);
        var keys = io.redraft.server.command.ServerCommandTable.get().keys(cmd, words, 0);
        AclCheck.Denial d = AclCheck.check(u, bit, cmd, words, 0, () -> keys);
        if (d == null) {
            out.status("OK");
            return;
        }
        bulk(out, switch (d.reason()) {
            case COMMAND -> "This user has no permissions to run the '" + cmd.name() + "' command";
            case KEY -> "This user has no permissions to access the '" + text(words[d.pos()]) + "' key";
            case CHANNEL -> "This user has no permissions to access the '" + text(words[d.pos()]) + "' channel";
        });
    }

    private void save(ReplySink out) {
        String file = acl.config().string("aclfile");
        if (file.isEmpty()) {
            out.error(NO_ACL_FILE);
            return;
        }
        Path target = Path.of(file);
        try {
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "temp-", ".acl");
            Files.writeString(tmp, acl.users().dump(), StandardCharsets.ISO_8859_1);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.status("OK");
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(AclCommand.class).warn("ACL SAVE to {} failed: {}", file, e.toString());
            out.error("ERR There was an error trying to save the ACLs. Please check the server logs for more information");
        }
    }

    /**
     * ACL SETUSER before it is logged: refused here when a rule cannot apply to the table as this
     * node has it (so the log holds only changes that apply), and with its passwords hashed.
     */
    ClientRequest beforeLogging(ClientRequest r, ReplySink out) {
        byte[][] cmd = r.command();
        String name = text(cmd[2]);
        String bad = badUsername(name);
        if (bad != null) {
            out.error(bad);
            return null;
        }
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < cmd.length; i++) rules.add(text(cmd[i]));
        String err = acl.users().check(name, rules);
        if (err != null) {
            out.error("ERR " + err);
            return null;
        }
        boolean inSelector = false;
        byte[][] argv = r.argv();
        int shift = argv.length - cmd.length;
        for (int i = 3; i < cmd.length; i++) {
            String op = rules.get(i - 3);
            if (inSelector) {
                if (!op.isEmpty() && op.endsWith(")")) inSelector = false;
                continue;
            }
            if (op.startsWith("(") && !op.endsWith(")")) {
                inSelector = true;
                continue;
            }
            byte[] hashed = null;
            if (op.startsWith(">")) hashed = bytes("#" + AclUser.hash(bytes(op.substring(1))));
            else if (op.startsWith("<")) hashed = bytes("!" + AclUser.hash(bytes(op.substring(1))));
            if (hashed != null) {
                cmd[i] = hashed;
                argv[i + shift] = hashed;
            }
        }
        return r;
    }

    /**
     * ACL LOAD: the node reads its ACL file and checks it; the users it holds go into the log, so
     * that every node loads the same ones, whatever its own file says.
     */
    ClientRequest load(ClientRequest r, ReplySink out) {
        String file = acl.config().string("aclfile");
        if (file.isEmpty()) {
            out.error(NO_ACL_FILE);
            return null;
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            out.error("ERR Error loading ACLs, opening file '" + file + "': " + e.getMessage());
            return null;
        }
        try {
            Users.parse(text, file, acl.space(), acl.pubsubAll());
        } catch (AclRuleError e) {
            out.error("ERR " + e.getMessage());
            return null;
        }
        return ClientRequest.decoded(new byte[][] {bytes("acl"), bytes("load"), bytes(text)});
    }

    private static void bulk(ReplySink out, String s) {
        out.bulk(bytes(s));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
