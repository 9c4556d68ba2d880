package io.redraft.server.acl;

import io.redraft.script.ScriptAcl;
import io.redraft.store.Call;
import io.redraft.store.CommandTable;
import io.redraft.store.Store;
import io.redraft.store.StoreExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ACL SETUSER, DELUSER and LOAD as commands of the replicated state machine: the store's table
 * gets them as writes, so the server logs them like any write, and each node's handler changes
 * its own user table when the entry applies, in log order, on every node alike. ACL LOAD arrives
 * here carrying the users the leader read from its file ({@link AclCommand#load}). It is also
 * the ACL the store's scripts consult ({@link ScriptAcl}).
 */
final class AclLogged implements StoreExtension, ScriptAcl {
    private final Acl acl;

    /** @param acl the node's ACL; null for the command table's specs only */
    AclLogged(Acl acl) {
        this.acl = acl;
    }

    @Override
    public void register(CommandTable t, Store store) {
        t.container("acl", -2, "");
        t.add("acl|setuser", -3, "write admin noscript loading stale", 0, 0, 0, this::setUser);
        t.add("acl|deluser", -3, "write admin noscript loading stale", 0, 0, 0, this::delUser);
        t.add("acl|load", -2, "write admin noscript loading stale", 0, 0, 0, this::load);
    }

    /** Scripts' calls are checked against the node's ACL (see {@link ScriptCaller}). */
    @Override
    public String refusal(List<byte[]> argv) {
        return acl == null ? null : acl.scripts.refusal(argv);
    }

    @Override
    public boolean allows(List<byte[]> argv) {
        return acl == null || acl.scripts.allows(argv);
    }

    private boolean bound(Call c) {
        if (acl == null) c.out().error("ERR ACL is not available here");
        return acl != null;
    }

    private void setUser(Call c) {
        if (!bound(c)) return;
        String name = text(c.arg(2));
        String bad = AclCommand.badUsername(name);
        if (bad != null) {
            c.out().error(bad);
            return;
        }
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) rules.add(text(c.arg(i)));
        String err = acl.applySetUser(name, rules);
        if (err != null) c.out().error("ERR " + err);
        else c.ok();
    }

    private void delUser(Call c) {
        if (!bound(c)) return;
        List<String> names = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            String name = text(c.arg(i));
            if (name.equals(Users.DEFAULT)) {
                c.out().error("ERR The 'default' user cannot be removed");
                return;
            }
            names.add(name);
        }
        c.out().integer(acl.applyDelUsers(names));
    }

    private void load(Call c) {
        if (!bound(c)) return;
        if (c.argc() != 3) { // only the leader's rewritten ACL LOAD carries the users
            c.out().error("ERR wrong number of arguments for 'acl|load' command");
            return;
        }
        String err = acl.applyLoad(text(c.arg(2)));
        if (err != null) c.out().error("ERR " + err);
        else c.ok();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
