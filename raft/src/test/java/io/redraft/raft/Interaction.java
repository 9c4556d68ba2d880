package io.redraft.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The world of a data-driven scenario ({@code src/test/resources/testdata/*.txt}, run by
 * {@link InteractionTest}): numbered nodes with in-memory storage that persists synchronously,
 * one inbox per node, and nothing that happens unless a command says so. Every command returns
 * the text that the scenario file shows under it: each Ready a node handles (role, hard state,
 * entries, commits, messages, reads) and each message delivered. After etcd-io/raft's
 * {@code rafttest} interaction environment; the commands are ours.
 */
final class Interaction {
    private final class Node {
        final int id;
        final MemoryLogStorage storage = new MemoryLogStorage();
        RaftNode raft;
        final List<RaftMessage> inbox = new ArrayList<>();

        Node(int id, RaftConfig cfg) {
            this.id = id;
            this.raft = new RaftNode(cfg, storage, new SplittableRandom(id));
        }
    }

    private final TreeMap<Integer, Node> nodes = new TreeMap<>();
    private final Set<Integer> isolated = new HashSet<>();
    private boolean preVote = true;
    private StringBuilder out;

    /** Runs one command line; returns its output. */
    String run(String line) {
        out = new StringBuilder();
        String[] w = line.trim().split("\\s+");
        try {
            switch (w[0]) {
                case "add-nodes" -> addNodes(w);
                case "add-node" -> addNode(Integer.parseInt(w[1]));
                case "campaign" -> campaign(id(w[1]));
                case "tick" -> tick(id(w[1]), w.length > 2 ? Integer.parseInt(w[2]) : 1);
                case "propose" -> say("index " + node(w[1]).raft.propose(w[2].getBytes(StandardCharsets.UTF_8)));
                case "propose-conf-change" -> confChange(w);
                case "read-index" -> node(w[1]).raft.readIndex(Long.parseLong(w[2]));
                case "transfer-leadership" -> say("target " + node(w[1]).raft.transferLeadership(Integer.parseInt(w[2])));
                case "process-ready" -> {
                    for (int i = 1; i < w.length; i++) processReady(node(w[i]));
                }
                case "deliver-msgs" -> {
                    for (int i = 1; i < w.length; i++) deliver(node(w[i]));
                }
                case "stabilize" -> stabilize();
                case "isolate" -> isolated.add(id(w[1]));
                case "heal" -> isolated.clear();
                case "raft-state" -> state();
                case "raft-log" -> log(node(w[1]));
                default -> throw new IllegalArgumentException("unknown command " + w[0]);
            }
        } catch (RaftException e) {
            say("error: " + e.error() + (e.leaderId() != 0 ? " (leader " + e.leaderId() + ")" : ""));
        }
        String s = out.toString();
        return s.isEmpty() ? "ok\n" : s;
    }

    private void say(String s) {
        out.append(s).append('\n');
    }

    private static int id(String s) {
        return Integer.parseInt(s);
    }

    private Node node(String s) {
        Node n = nodes.get(id(s));
        if (n == null) throw new IllegalArgumentException("no node " + s);
        return n;
    }

    private RaftConfig config(int id) {
        return RaftConfig.defaults(id).withTicks(10, 2).withPreVote(preVote);
    }

    /**
     * {@code add-nodes N [prevote=false]}: voters 1..N holding the log {@code RAFT.CLUSTER INIT}
     * plus joins leave (a NO_OP and one ADD_NODE per node, term 1, committed), as the simulator's.
     */
    private void addNodes(String[] w) {
        int n = id(w[1]);
        for (int i = 2; i < w.length; i++) if (w[i].equals("prevote=false")) preVote = false;
        List<Entry> initial = new ArrayList<>();
        initial.add(new Entry(1, 1, EntryType.NO_OP, null));
        for (int id = 1; id <= n; id++) initial.add(new ConfChange(EntryType.ADD_NODE, id, "n" + id).toEntry(initial.size() + 1, 1));
        for (int id = 1; id <= n; id++) {
            Node node = new Node(id, config(id));
            node.storage.append(initial);
            node.storage.setHardState(new HardState(1, 0, initial.size()));
            node.raft = new RaftNode(config(id), node.storage, new SplittableRandom(id));
            nodes.put(id, node);
        }
    }

    /** {@code add-node ID}: an empty node, as one started for {@code RAFT.CLUSTER JOIN}. */
    private void addNode(int id) {
        nodes.put(id, new Node(id, config(id)));
    }

    /** Ticks the node until its election timeout fires (the count depends only on its id). */
    private void campaign(int id) {
        RaftNode r = nodes.get(id).raft;
        for (int i = 0; i < 1000 && r.role() == Role.FOLLOWER; i++) r.tick();
        say(id + " is " + r.role() + " in term " + r.term());
    }

    private void tick(int id, int times) {
        for (int i = 0; i < times; i++) nodes.get(id).raft.tick();
    }

    private void confChange(String[] w) {
        EntryType type = switch (w[2]) {
            case "add-nonvoting" -> EntryType.ADD_NONVOTING_NODE;
            case "add" -> EntryType.ADD_NODE;
            case "remove" -> EntryType.REMOVE_NODE;
            default -> throw new IllegalArgumentException(w[2]);
        };
        int target = id(w[3]);
        say("index " + node(w[1]).raft.proposeConfChange(new ConfChange(type, target, "n" + target)));
    }

    /** Handles one Ready the way a server does, persisting at once; returns whether there was one. */
    private boolean processReady(Node n) {
        if (!n.raft.hasReady()) return false;
        Ready rd = n.raft.ready();
        say("> " + n.id + " handling Ready");
        if (rd.softState() != null) say("  " + rd.softState().role() + " leader=" + rd.softState().leaderId());
        if (rd.hardState() != null) {
            HardState h = rd.hardState();
            say("  HardState term=" + h.term() + " vote=" + h.votedFor() + " commit=" + h.commit());
        }
        if (!rd.entries().isEmpty()) say("  Entries: " + entries(rd.entries()));
        if (!rd.committedEntries().isEmpty()) say("  Committed: " + entries(rd.committedEntries()));
        List<RaftMessage> msgs = new ArrayList<>(rd.messages());
        msgs.addAll(rd.messagesAfterPersist());
        for (RaftMessage m : msgs) say("  " + format(m));
        for (ReadState rs : rd.readStates()) say("  ReadState request=" + rs.requestId() + " index=" + rs.index());
        for (long f : rd.failedReads()) say("  ReadFailed request=" + f);
        n.storage.apply(rd);
        if (rd.lastEntry() != null) n.raft.persisted(rd.lastEntry().index(), rd.lastEntry().term());
        n.raft.advance(rd);
        for (RaftMessage m : msgs) {
            Node to = nodes.get(m.to());
            if (to != null) to.inbox.add(m);
        }
        return true;
    }

    /** Steps every message in the node's inbox; messages to or from an isolated node are dropped. */
    private boolean deliver(Node n) {
        if (n.inbox.isEmpty()) return false;
        List<RaftMessage> batch = new ArrayList<>(n.inbox);
        n.inbox.clear();
        for (RaftMessage m : batch) {
            boolean drop = isolated.contains(m.from()) || isolated.contains(m.to());
            say((drop ? "  dropped " : "  ") + format(m));
            if (!drop) n.raft.step(m);
        }
        return true;
    }

    private void stabilize() {
        for (int round = 0; round < 1000; round++) {
            boolean moved = false;
            for (Node n : nodes.values()) moved |= processReady(n);
            for (Node n : nodes.values()) {
                if (n.inbox.isEmpty()) continue;
                say("> " + n.id + " receiving messages");
                moved |= deliver(n);
            }
            if (!moved) return;
        }
        throw new AssertionError("did not stabilize");
    }

    private void state() {
        for (Node n : nodes.values()) {
            RaftNode r = n.raft;
            say(n.id + ": " + r.role() + (r.isRemoved() ? " (removed)" : "") + " term=" + r.term() + " leader=" + r.leaderId()
                    + " commit=" + r.commitIndex() + " applied=" + r.lastApplied() + " last=" + r.lastIndex()
                    + " voters=" + r.config().voterIds() + " nonvoting=" + nonVoting(r.config()));
        }
    }

    private static List<Integer> nonVoting(ClusterConfig c) {
        List<Integer> ids = new ArrayList<>();
        for (ClusterConfig.Member m : c.members()) if (!m.voting()) ids.add(m.id());
        return ids;
    }

    private void log(Node n) {
        long first = n.storage.firstIndex(), last = n.storage.lastIndex();
        if (first > last) say("empty (snapshot at " + n.storage.snapshot().lastIndex() + ")");
        else say(entries(n.storage.entries(first, last + 1, Long.MAX_VALUE)));
    }

    static String entries(List<Entry> es) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : es) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(e.index()).append('/').append(e.term()).append(' ');
            switch (e.type()) {
                case NORMAL -> sb.append('"').append(new String(e.data(), StandardCharsets.UTF_8)).append('"');
                case NO_OP -> sb.append("NO_OP");
                default -> sb.append(e.type()).append('(').append(ConfChange.decode(e.type(), e.data()).nodeId()).append(')');
            }
        }
        return "[" + sb + "]";
    }

    static String format(RaftMessage m) {
        String head = m.from() + "->" + m.to() + " ";
        return head + switch (m) {
            case AppendEntriesRequest r -> "App term=" + r.term() + " prev=" + r.prevLogIndex() + "/" + r.prevLogTerm()
                    + " commit=" + r.leaderCommit() + " round=" + r.msgId() + (r.entries().isEmpty() ? "" : " " + entries(r.entries()));
            case AppendEntriesResponse r -> "AppResp term=" + r.term() + (r.success() ? " ok" : " reject") + " index="
                    + r.currentIndex() + " round=" + r.msgId() + (r.success() ? "" : " hint=" + r.conflictIndex() + "/" + r.conflictTerm());
            case VoteRequest r -> (r.preVote() ? "PreVote" : "Vote") + " term=" + r.term() + " last=" + r.lastLogIndex() + "/"
                    + r.lastLogTerm() + (r.transfer() ? " transfer" : "");
            case VoteResponse r -> (r.preVote() ? "PreVoteResp" : "VoteResp") + " term=" + r.term() + " for=" + r.requestTerm()
                    + (r.granted() ? " granted" : " refused");
            case InstallSnapshotRequest r -> "Snapshot term=" + r.term() + " index=" + r.snapshotIndex() + "/" + r.snapshotTerm()
                    + " offset=" + r.offset() + " bytes=" + r.data().length + (r.lastChunk() ? " last" : "");
            case InstallSnapshotResponse r -> "SnapshotResp term=" + r.term() + " index=" + r.snapshotIndex() + " offset="
                    + r.offset() + (r.success() ? " ok" : " reject") + (r.lastChunk() ? " last" : "");
            case TimeoutNow r -> "TimeoutNow term=" + r.term();
        };
    }
}
