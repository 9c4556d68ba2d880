package io.redraft.server.ops;

/**
 * {@code /readyz}: whether this node should get traffic now, the probe load balancers and
 * Kubernetes use. Ready means: a member that is up (not uninitialized, joining, loading or failed
 * on storage), knowing a leader, with its applied index within {@code metrics-ready-max-lag} of
 * the commit index it learned from that leader. A partitioned follower loses its leader at its
 * election timeout (it turns pre-candidate), and so stops being ready.
 */
record Readiness(boolean ready, String reason) {
    static Readiness of(NodeSample s, long maxLag) {
        if (s.stateError() != null) return new Readiness(false, s.stateError());
        if (s.loading()) return new Readiness(false, "loading");
        if (s.raft().leaderId <= 0) return new Readiness(false, "no known leader (role " + s.raft().role + ", term "
                + s.raft().currentTerm + ")");
        long lag = s.raft().commitIndex - s.raft().lastAppliedIndex;
        if (lag > maxLag) {
            return new Readiness(false, "applied index " + s.raft().lastAppliedIndex + " is " + lag
                    + " entries behind the commit index (metrics-ready-max-lag " + maxLag + ")");
        }
        return new Readiness(true, "ok");
    }
}
