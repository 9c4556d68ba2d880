package io.redraft.raft;

/** A node's role; {@link #infoName()} is the {@code raft_role} value of {@code INFO raft}. */
public enum Role {
    FOLLOWER("follower"),
    PRE_CANDIDATE("pre-candidate"),
    CANDIDATE("candidate"),
    LEADER("leader");

    private final String infoName;

    Role(String infoName) {
        this.infoName = infoName;
    }

    public String infoName() {
        return infoName;
    }
}
