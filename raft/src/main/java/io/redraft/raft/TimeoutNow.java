package io.redraft.raft;

/**
 * Tells the receiver to start an election at once, skipping Pre-Vote (leadership transfer,
 * thesis §3.10). Wire: {@code RAFT.TIMEOUT_NOW}.
 */
public record TimeoutNow(int from, int to, long term) implements RaftMessage {}
