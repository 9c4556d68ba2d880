package io.redraft.store;

/**
 * What a command may depend on besides the keyspace, fixed by the leader before the command
 * is logged so that every replica computes the same result.
 *
 * @param nowMillis the command's clock: expiry decisions and relative TTLs use only this
 * @param seed      seeds the command's random choices (SPOP, RANDOMKEY, ...)
 * @param protocol  the client's RESP version, 2 or 3 (some replies differ in shape)
 */
public record ExecContext(long nowMillis, long seed, int protocol) {
    public ExecContext {
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("protocol must be 2 or 3");
        }
    }
}
