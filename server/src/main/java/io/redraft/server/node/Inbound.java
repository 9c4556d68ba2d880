package io.redraft.server.node;

/** What network threads hand to the node thread. One queue carries all of it, in arrival order per connection. */
public sealed interface Inbound {
    /** A complete request from a client, classified as it was decoded. */
    record Request(ClientSession session, ClientRequest request) implements Inbound {}

    /**
     * The client broke the protocol: after the replies to its earlier requests it gets
     * {@code errorLine} (none when null) and the connection is closed.
     */
    record ProtocolError(ClientSession session, String errorLine) implements Inbound {}

    /** The connection is gone; forget the client. */
    record Disconnected(ClientSession session) implements Inbound {}

    /** Work another thread needs done on the node thread (e.g. a Raft peer's reply). */
    record Task(Runnable run) implements Inbound {}
}
