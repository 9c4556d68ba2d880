package io.redraft.server.tool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One node's CLUSTER SHARDS, read back into groups. A group's id is the first 32 characters of its
 * nodes' ids (a node id is the group's dbid followed by its Raft id), which CLUSTER SHARDS does
 * not print on its own.
 */
record ShardsView(List<Group> groups) {
    record Range(int start, int end) {
        @Override
        public String toString() {
            return start == end ? Integer.toString(start) : start + "-" + end;
        }
    }

    record Member(String id, Address address, boolean master) {
    }

    record Group(String id, List<Range> ranges, List<Member> nodes) {
        Member master() {
            return nodes.stream().filter(Member::master).findFirst().orElse(null);
        }

        String slots() {
            return ranges.isEmpty() ? "(none)" : ranges.stream().map(Range::toString).collect(Collectors.joining(","));
        }

        /**
         * What every node of a deployment must agree on: the ranges and the member set. The order
         * of members and which one is master are left out: a leader change reaches the other
         * groups only at their next refresh.
         */
        String agreed() {
            return id + " slots " + slots() + " nodes " + nodes.stream()
                    .map(n -> n.id() + "@" + n.address()).sorted().collect(Collectors.joining(","));
        }
    }

    static ShardsView read(RespConnection c) throws AdminException {
        Object reply = c.call("CLUSTER", "SHARDS");
        if (!(reply instanceof List<?> shards)) throw AdminException.connection("CLUSTER SHARDS answered " + reply);
        List<Group> groups = new ArrayList<>();
        for (Object s : shards) groups.add(group(s));
        groups.sort(Comparator.comparing(g -> g.ranges().isEmpty() ? Integer.MAX_VALUE : g.ranges().get(0).start()));
        return new ShardsView(List.copyOf(groups));
    }

    private static Group group(Object s) throws AdminException {
        List<?> fields = list(s);
        List<Range> ranges = new ArrayList<>();
        List<Member> nodes = new ArrayList<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            Object name = fields.get(i);
            List<?> value = list(fields.get(i + 1));
            if ("slots".equals(name)) {
                for (int j = 0; j + 1 < value.size(); j += 2) {
                    ranges.add(new Range(number(value.get(j)), number(value.get(j + 1))));
                }
            } else if ("nodes".equals(name)) {
                for (Object n : value) nodes.add(member(list(n)));
            }
        }
        String id = nodes.isEmpty() ? "?" : nodes.get(0).id().substring(0, Math.min(32, nodes.get(0).id().length()));
        return new Group(id, List.copyOf(ranges), List.copyOf(nodes));
    }

    private static Member member(List<?> fields) throws AdminException {
        String id = null, ip = null, role = null;
        int port = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            Object v = fields.get(i + 1);
            switch (String.valueOf(fields.get(i))) {
                case "id" -> id = String.valueOf(v);
                case "ip" -> ip = String.valueOf(v);
                case "port", "tls-port" -> port = number(v);
                case "role" -> role = String.valueOf(v);
                default -> { }
            }
        }
        if (id == null || ip == null || port == 0) throw AdminException.connection("CLUSTER SHARDS lists a node without id, ip or port: " + fields);
        return new Member(id, new Address(ip, port), "master".equals(role));
    }

    private static List<?> list(Object o) throws AdminException {
        if (o instanceof List<?> l) return l;
        throw AdminException.connection("CLUSTER SHARDS has " + o + " where a list belongs");
    }

    private static int number(Object o) throws AdminException {
        if (o instanceof Long l) return l.intValue();
        throw AdminException.connection("CLUSTER SHARDS has " + o + " where a number belongs");
    }
}
