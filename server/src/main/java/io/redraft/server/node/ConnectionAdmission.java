package io.redraft.server.node;

/**
 * Whether a new connection may stay: Redis accepts it, and when it may not, answers why before
 * closing it (maxclients, then protected mode).
 */
final class ConnectionAdmission {
    private ConnectionAdmission() {
    }

    /** The error to send before closing, or null to admit {@code s} beside {@code open} others. */
    static String refusal(NodeContext ctx, ClientSession s, int open) {
        if (open >= ctx.config.maxclients()) return "ERR max number of clients reached";
        return ctx.acl.protectedModeDenial(s.channel.remoteAddress(), s.channel.localAddress());
    }
}
