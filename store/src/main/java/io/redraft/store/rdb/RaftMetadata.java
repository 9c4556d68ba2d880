package io.redraft.store.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Raft state a snapshot belongs to, stored as RDB AUX fields next to the keyspace (as
 * RedisRaft stores it as module aux data): the cluster id, the last entry the snapshot covers,
 * the membership at that point, every node id ever used (so a removed id is never reused), and an
 * opaque blob reserved for client sessions.
 *
 * @param dbid      cluster id (32 chars)
 * @param lastIndex index of the last applied entry the keyspace reflects
 * @param lastTerm  term of that entry
 * @param members   the configuration as of {@code lastIndex}
 * @param usedIds   node ids ever given out in this cluster
 * @param sessions  opaque session state (empty when none)
 * @param shards    the encoded shard-group map as of {@code lastIndex} (empty when the group was never
 *                  given one: its map is then its own slots, from its configuration)
 * @param acl       the ACL users as of {@code lastIndex}, in the ACL file format (empty when the
 *                  snapshot predates ACL: the node then keeps the users it has)
 */
public record RaftMetadata(String dbid, long lastIndex, long lastTerm, List<Member> members, List<Long> usedIds,
                           byte[] sessions, byte[] shards, byte[] acl) {
    static final String DBID = "redraft-dbid";
    static final String LAST_INDEX = "redraft-last-index";
    static final String LAST_TERM = "redraft-last-term";
    static final String CONFIG = "redraft-config";
    static final String USED_IDS = "redraft-used-ids";
    static final String SESSIONS = "redraft-sessions";
    static final String SHARDS = "redraft-shards";
    static final String ACL = "redraft-acl";

    /** One configuration member: its node id, {@code host:port} and whether it votes. */
    public record Member(long id, String address, boolean voting) {
        public Member {
            Objects.requireNonNull(address);
            if (address.indexOf(' ') >= 0 || address.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("address must not contain blanks: " + address);
            }
        }
    }

    public RaftMetadata {
        Objects.requireNonNull(dbid);
        members = List.copyOf(members);
        usedIds = List.copyOf(usedIds);
        sessions = sessions == null ? new byte[0] : sessions.clone();
        shards = shards == null ? new byte[0] : shards.clone();
        acl = acl == null ? new byte[0] : acl.clone();
    }

    public RaftMetadata(String dbid, long lastIndex, long lastTerm, List<Member> members, List<Long> usedIds,
                        byte[] sessions, byte[] shards) {
        this(dbid, lastIndex, lastTerm, members, usedIds, sessions, shards, null);
    }

    /** The same metadata carrying the ACL users {@code acl}. */
    public RaftMetadata withAcl(byte[] acl) {
        return new RaftMetadata(dbid, lastIndex, lastTerm, members, usedIds, sessions, shards, acl);
    }

    @Override
    public byte[] acl() {
        return acl.clone();
    }

    /** Metadata of a group without a shard map. */
    public RaftMetadata(String dbid, long lastIndex, long lastTerm, List<Member> members, List<Long> usedIds,
                        byte[] sessions) {
        this(dbid, lastIndex, lastTerm, members, usedIds, sessions, null);
    }

    @Override
    public byte[] shards() {
        return shards.clone();
    }

    @Override
    public byte[] sessions() {
        return sessions.clone();
    }

    /** The AUX fields in write order. Config is one line per member: {@code id address voter|nonvoter}. */
    Map<String, byte[]> toAux() {
        Map<String, byte[]> aux = new LinkedHashMap<>();
        aux.put(DBID, ascii(dbid));
        aux.put(LAST_INDEX, ascii(Long.toString(lastIndex)));
        aux.put(LAST_TERM, ascii(Long.toString(lastTerm)));
        StringBuilder cfg = new StringBuilder();
        for (Member m : members) {
            if (!cfg.isEmpty()) {
                cfg.append('\n');
            }
            cfg.append(m.id()).append(' ').append(m.address()).append(' ').append(m.voting() ? "voter" : "nonvoter");
        }
        aux.put(CONFIG, ascii(cfg.toString()));
        StringBuilder ids = new StringBuilder();
        for (Long id : usedIds) {
            if (!ids.isEmpty()) {
                ids.append(',');
            }
            ids.append(id);
        }
        aux.put(USED_IDS, ascii(ids.toString()));
        aux.put(SESSIONS, sessions);
        // Written only when there is a map, so snapshots of groups that never shard stay as they were.
        if (shards.length > 0) aux.put(SHARDS, shards);
        if (acl.length > 0) aux.put(ACL, acl);
        return aux;
    }

    /** The metadata in {@code aux}, or null when the file has no Redraft fields (a stock Redis dump). */
    static RaftMetadata fromAux(Map<String, byte[]> aux) {
        if (!aux.containsKey(DBID)) {
            return null;
        }
        List<Member> members = new ArrayList<>();
        String cfg = text(aux, CONFIG);
        if (!cfg.isEmpty()) {
            for (String line : cfg.split("\n")) {
                String[] f = line.split(" ");
                if (f.length != 3 || !(f[2].equals("voter") || f[2].equals("nonvoter"))) {
                    throw new IllegalArgumentException("bad " + CONFIG + " line: " + line);
                }
                members.add(new Member(Long.parseLong(f[0]), f[1], f[2].equals("voter")));
            }
        }
        List<Long> used = new ArrayList<>();
        String ids = text(aux, USED_IDS);
        if (!ids.isEmpty()) {
            for (String id : ids.split(",")) {
                used.add(Long.parseLong(id));
            }
        }
        return new RaftMetadata(text(aux, DBID), Long.parseLong(text(aux, LAST_INDEX)),
                Long.parseLong(text(aux, LAST_TERM)), members, used, aux.getOrDefault(SESSIONS, new byte[0]),
                aux.getOrDefault(SHARDS, new byte[0]), aux.getOrDefault(ACL, new byte[0]));
    }

    private static String text(Map<String, byte[]> aux, String key) {
        byte[] v = aux.get(key);
        if (v == null) {
            throw new IllegalArgumentException("AUX field " + key + " missing");
        }
        return new String(v, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RaftMetadata r && r.dbid.equals(dbid) && r.lastIndex == lastIndex && r.lastTerm == lastTerm
                && r.members.equals(members) && r.usedIds.equals(usedIds) && java.util.Arrays.equals(r.sessions, sessions)
                && java.util.Arrays.equals(r.shards, shards) && java.util.Arrays.equals(r.acl, acl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dbid, lastIndex, lastTerm, members, usedIds, java.util.Arrays.hashCode(sessions),
                java.util.Arrays.hashCode(shards));
    }

    @Override
    public String toString() {
        return "RaftMetadata[dbid=" + dbid + ", lastIndex=" + lastIndex + ", lastTerm=" + lastTerm + ", members="
                + members + ", usedIds=" + usedIds + ", sessions=" + sessions.length + " bytes]";
    }
}
