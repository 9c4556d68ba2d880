package io.redraft.testkit.faults;

import io.redraft.server.tool.Reshard;
import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import redis.clients.jedis.Jedis;

/**
 * {@code --nemesis migrate} (sharded runs): moves a small range of slots holding one of the
 * workload's hash tags from the group that owns it to another, with the orchestrator the operators
 * use, while clients write and the other nemeses strike; later rounds move tags back and on. A
 * move cut short by a fault is finished at the start of the next round and when the run heals
 * ({@link Reshard#resumeAll}), so the history also covers keys caught mid-move.
 */
final class MigrateNemesis implements Nemesis {
    private final List<LocalCluster> groups;
    private final List<Integer> tagSlots = new ArrayList<>();
    private final Random rnd;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    MigrateNemesis(List<LocalCluster> groups, List<String> tags, long seed) {
        this.groups = List.copyOf(groups);
        for (String t : tags) tagSlots.add(ClusterClient.slot("{" + t + "}"));
        this.rnd = new Random(seed ^ 0x6d696772L);
    }

    @Override
    public List<String> faults() {
        return groups.size() < 2 ? List.of() : List.of("migrate");
    }

    @Override
    public String start(String fault) {
        finishMovesInMotion();
        int slot = tagSlots.get(rnd.nextInt(tagSlots.size()));
        int owner = ownerOf(slot);
        if (owner < 0) return null;
        int target = (owner + 1 + rnd.nextInt(groups.size() - 1)) % groups.size();
        // One slot: the groups' ranges split around it, and merge again when it comes back.
        BitSet slots = new BitSet();
        slots.set(slot);
        try {
            Reshard r = new Reshard(10_000, 16, quiet);
            r.move(leader(owner).address(), leader(target).address(), slots);
            return "slot " + slot + " g" + (owner + 1) + " -> g" + (target + 1) + ", " + r.keysMoved() + " keys";
        } catch (Exception e) {
            // Cut short by another fault: the maps hold where it stopped; the next round finishes it.
            return "slot " + slot + " g" + (owner + 1) + " -> g" + (target + 1) + " interrupted (" + e.getMessage() + ")";
        }
    }

    /** The group that holds {@code slot} STABLE, by its own answer to RAFT.SHARDGROUP GET; -1 if none answers so. */
    private int ownerOf(int slot) {
        for (int g = 0; g < groups.size(); g++) {
            NodeProcess l = leader(g);
            try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(l.host(), l.port(), 5000)) {
                if (!(Cmd.call(j, "RAFT.SHARDGROUP", "GET") instanceof List<?> top) || top.size() != 3) continue;
                for (Object o : (List<?>) top.get(1)) {
                    List<?> range = (List<?>) o;
                    if ((Long) range.get(2) == 1 && slot >= (Long) range.get(0) && slot <= (Long) range.get(1)) return g;
                }
            } catch (RuntimeException e) {
                // no answer from this group now
            }
        }
        return -1;
    }

    private NodeProcess leader(int g) {
        LocalCluster c = groups.get(g);
        return c.node(c.leader());
    }

    private void finishMovesInMotion() {
        try {
            new Reshard(10_000, 16, quiet).resumeAll(leader(0).address());
        } catch (Exception e) {
            // again next round, and when the run heals
        }
    }

    @Override
    public void stop(String fault) {
        // one-shot: the move is over (or left for the next round) when start returns
    }

    @Override
    public boolean heal() {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                new Reshard(10_000, 16, quiet).resumeAll(leader(0).address());
                return true;
            } catch (Exception e) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
