package io.redraft.raft;

/** Volatile state reported in a {@link Ready} when it changes; need not be persisted. */
public record SoftState(Role role, int leaderId) {}
