package io.redraft.script;

import java.util.List;

/**
 * The ACL of the user a script runs for: Redis checks every command a script calls against the
 * permissions of the client that called EVAL or FCALL. The server decides who that is (it travels
 * in the script's log entry, so that every replica checks the same user at the same point of the
 * log); the store only asks.
 */
public interface ScriptAcl {
    /** No ACL: every command is allowed (a store without a server, the command table's specs). */
    ScriptAcl NONE = new ScriptAcl() {
        @Override
        public String refusal(List<byte[]> argv) {
            return null;
        }

        @Override
        public boolean allows(List<byte[]> argv) {
            return true;
        }
    };

    /**
     * Null when the calling user may run {@code argv}, else Redis's error for the script
     * ({@code ERR The user executing the script can't ...}); the refusal is recorded (ACL LOG).
     */
    String refusal(List<byte[]> argv);

    /** redis.acl_check_cmd: whether the calling user may run {@code argv}, recording nothing. */
    boolean allows(List<byte[]> argv);
}
