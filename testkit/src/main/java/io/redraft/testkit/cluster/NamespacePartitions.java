package io.redraft.testkit.cluster;

/** Real partitions: DROP rules on the receiving node's INPUT chain, inside its network namespace. */
final class NamespacePartitions implements Partitions {
    private final NetNamespaces net;

    NamespacePartitions(NetNamespaces net) {
        this.net = net;
    }

    @Override
    public String mechanism() {
        return "netns+iptables";
    }

    @Override
    public void drop(int from, int to) {
        net.drop(from, to);
    }

    @Override
    public String toString() {
        return mechanism() + ", " + net + "\n" + net.rules();
    }

    @Override
    public void heal() {
        net.heal();
    }
}
