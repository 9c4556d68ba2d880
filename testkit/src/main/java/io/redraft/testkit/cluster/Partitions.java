package io.redraft.testkit.cluster;

import java.util.Collection;

/**
 * Cuts the network between the nodes of a {@link LocalCluster#startPartitionable partitionable}
 * cluster, never between the nodes and the test's clients. Node numbers as in {@link LocalCluster}.
 * Either real ({@link NamespacePartitions}: iptables rules in per-node network namespaces) or, where
 * the machine does not allow that, the servers' test-only hook ({@link HookPartitions}).
 */
public interface Partitions {
    /** Which mechanism cuts the links, for reports: "netns+iptables" or "hook (raft.test-net-faults)". */
    String mechanism();

    /** Node {@code to} no longer hears node {@code from}; the other direction is unchanged. */
    void drop(int from, int to);

    /** Every link works again. */
    void heal();

    /** No traffic between any node of {@code a} and any node of {@code b}, in either direction. */
    default void split(Collection<Integer> a, Collection<Integer> b) {
        for (int x : a) {
            for (int y : b) {
                if (x == y) continue;
                drop(x, y);
                drop(y, x);
            }
        }
    }
}
