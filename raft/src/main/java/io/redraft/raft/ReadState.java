package io.redraft.raft;

/**
 * A linearizable read that the leader has confirmed (ReadIndex, thesis §6.4): serve
 * {@code requestId} once the state machine has applied at least {@code index}.
 */
public record ReadState(long requestId, long index) {}
