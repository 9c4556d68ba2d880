package io.redraft.server.tool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/redraft-admin}: creates, shows and checks a sharded Redraft deployment through the
 * nodes' own commands (RAFT.CLUSTER, RAFT.SHARDGROUP, CLUSTER SHARDS, INFO raft). Exit codes:
 * 0 done, 1 check found a problem, 2 bad arguments or a node that cannot be reached or refused.
 */
public final class AdminMain {
    static final int EXIT_OK = 0;
    static final int EXIT_CHECK_FAILED = 1;
    static final int EXIT_ERROR = 2;

    static final String USAGE = """
            usage: redraft-admin create --shards N [--replicas M] host:port...
                     make N shard groups of M nodes (M = addresses / N) from running, uninitialized
                     nodes started with --raft.sharding yes: INIT, JOIN, each group's slots by
                     RAFT.SHARDGROUP REPLACE (16384 split evenly, in address order), LINK every pair
                   redraft-admin status host:port...
                     every group, its leader, its slots; per node role, log index, applied index and lag
                   redraft-admin check host:port...
                     every node answers and agrees on the map, every group has a leader, every slot
                     is served by exactly one group
                   redraft-admin reshard --from host:port --to host:port (--slots a-b[,c-d...] | --count N)
                     moves slots and their keys from the group of --from to the group of --to while
                     clients keep working; running it again resumes a move that was cut short.
                     --from and --to may name a group by its id instead, with one host:port of
                     the deployment after the options
                   redraft-admin reshard --resume host:port
                     finishes every move the groups' maps show in motion
                   redraft-admin add-group --to host:port host:port...
                     forms a new group of the given uninitialized nodes (started with
                     --raft.sharding yes) and links it with every group of --to's deployment;
                     it owns no slots until reshard or rebalance moves some to it
                   redraft-admin rebalance host:port
                     moves slots live until every group owns an equal share (16384 / groups);
                     finishes moves in motion first, so running it again resumes it
                   One address of the deployment is enough for status, check and reshard --resume.
                   --timeout SECONDS (default 60): how long one step may wait
            exit codes: 0 ok, 1 check failed, 2 usage or connection error""";

    private AdminMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, out);
        } catch (AdminException e) {
            err.println("redraft-admin: " + e.getMessage());
            if (e.showUsage) err.println(USAGE);
            return e.exitCode;
        }
    }

    private static int dispatch(List<String> args, PrintStream out) throws AdminException {
        if (args.isEmpty()) throw AdminException.usage("a command is missing").withUsage();
        String command = args.get(0);
        int shards = 0, replicas = 0, timeoutMs = 60_000, count = 0;
        String from = null, to = null, slots = null;
        boolean resume = false;
        List<Address> addresses = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--shards" -> shards = positive(a, args, ++i);
                case "--replicas" -> replicas = positive(a, args, ++i);
                case "--timeout" -> timeoutMs = positive(a, args, ++i) * 1000;
                case "--from" -> from = groupOrAddress(value(a, args, ++i));
                case "--to" -> to = groupOrAddress(value(a, args, ++i));
                case "--slots" -> slots = value(a, args, ++i);
                case "--count" -> count = positive(a, args, ++i);
                case "--resume" -> resume = true;
                default -> {
                    if (a.startsWith("-")) throw AdminException.usage("unknown option " + a).withUsage();
                    addresses.add(Address.parse(a));
                }
            }
        }
        if (command.equals("reshard")) return reshard(from, to, slots, count, resume, addresses, timeoutMs, out);
        if (command.equals("add-group")) {
            if (to == null) throw AdminException.usage("add-group needs --to host:port, a node of the deployment").withUsage();
            if (addresses.isEmpty()) throw AdminException.usage("add-group needs the new group's nodes").withUsage();
            if (addresses.stream().distinct().count() != addresses.size()) throw AdminException.usage("an address is given twice");
            new AddGroup(out, timeoutMs).run(Address.parse(to), addresses);
            ClusterStatus.print(Survey.of(List.of(Address.parse(to)), timeoutMs), out);
            return EXIT_OK;
        }
        if (command.equals("rebalance")) {
            if (addresses.size() != 1) throw AdminException.usage("rebalance needs one host:port").withUsage();
            new Rebalance(new Reshard(timeoutMs, 256, out), out).run(addresses.get(0).toString());
            return EXIT_OK;
        }
        if (addresses.isEmpty() && !command.equals("help")) {
            throw AdminException.usage(command + " needs at least one host:port").withUsage();
        }
        switch (command) {
            case "create" -> {
                if (shards == 0) throw AdminException.usage("create needs --shards N").withUsage();
                if (replicas == 0) {
                    if (addresses.size() % shards != 0) {
                        throw AdminException.usage(addresses.size() + " addresses do not split into " + shards + " equal groups");
                    }
                    replicas = addresses.size() / shards;
                }
                if (addresses.size() != shards * replicas) {
                    throw AdminException.usage(shards + " shards x " + replicas + " replicas need " + shards * replicas
                            + " addresses, got " + addresses.size());
                }
                if (addresses.stream().distinct().count() != addresses.size()) throw AdminException.usage("an address is given twice");
                new ClusterCreate(out, timeoutMs).run(shards, replicas, addresses);
                ClusterStatus.print(Survey.of(addresses, timeoutMs), out);
                return EXIT_OK;
            }
            case "status" -> {
                ClusterStatus.print(Survey.of(addresses, timeoutMs), out);
                return EXIT_OK;
            }
            case "check" -> {
                return MapCheck.run(Survey.of(addresses, timeoutMs), out) == 0 ? EXIT_OK : EXIT_CHECK_FAILED;
            }
            case "help" -> {
                out.println(USAGE);
                return EXIT_OK;
            }
            default -> throw AdminException.usage("unknown command " + command).withUsage();
        }
    }

    private static int reshard(String from, String to, String slots, int count, boolean resume, List<Address> addresses,
                               int timeoutMs, PrintStream out) throws AdminException {
        Reshard r = new Reshard(timeoutMs, 256, out);
        if (resume) {
            if (addresses.size() != 1) throw AdminException.usage("reshard --resume needs one host:port").withUsage();
            r.resumeAll(addresses.get(0).toString());
        } else {
            if (from == null || to == null) throw AdminException.usage("reshard needs --from and --to").withUsage();
            if ((slots == null) == (count == 0)) throw AdminException.usage("reshard needs --slots or --count").withUsage();
            if (Reshard.isGroupId(from) || Reshard.isGroupId(to)) {
                if (addresses.size() != 1) {
                    throw AdminException.usage("a group named by its id needs one host:port of the deployment").withUsage();
                }
                from = r.addressOf(from, addresses.get(0).toString());
                to = r.addressOf(to, addresses.get(0).toString());
            }
            java.util.BitSet set = slots != null ? SlotList.parse(slots) : r.ownedSlots(from, count);
            r.move(from, to, set);
        }
        out.printf("reshard: done, %d slots, %d keys moved%n", r.slotsDone(), r.keysMoved());
        return EXIT_OK;
    }

    /** A shard group's id (32 hex digits) as given, else a node's address, checked. */
    private static String groupOrAddress(String v) throws AdminException {
        return Reshard.isGroupId(v) ? v : Address.parse(v).toString();
    }

    private static String value(String option, List<String> args, int i) throws AdminException {
        if (i >= args.size()) throw AdminException.usage(option + " takes a value").withUsage();
        return args.get(i);
    }

    private static int positive(String option, List<String> args, int i) throws AdminException {
        try {
            int n = Integer.parseInt(args.get(i));
            if (n > 0) return n;
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            // reported below
        }
        throw AdminException.usage(option + " takes a positive number").withUsage();
    }
}
