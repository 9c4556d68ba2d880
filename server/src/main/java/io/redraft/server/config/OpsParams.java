package io.redraft.server.config;

import static io.redraft.server.config.Param.Flag.IMMUTABLE;
import static io.redraft.server.config.RedisParams.integer;

import java.util.ArrayList;
import java.util.List;

/**
 * Redraft's own directives, neither Redis's nor RedisRaft's: the operations listener (metrics,
 * health probes, status page; docs/operations.md).
 */
final class OpsParams {
    private OpsParams() {}

    static List<Param> table() {
        List<Param> t = new ArrayList<>();
        t.add(Param.of("metrics-port", integer(0, 65535), "0").flags(IMMUTABLE)
                .doc("HTTP port of the operations listener: `/metrics` (Prometheus), `/healthz`, `/readyz`, the status page `/`"
                        + " and `/status.json`; 0 = off. Separate from `port` so that a scraper or a load balancer never"
                        + " shares the clients' listener."));
        t.add(Param.of("metrics-bind", new ParamType.Text(OpsParams::host, "address"), "127.0.0.1").flags(IMMUTABLE)
                .doc("Interface the operations listener binds; `*` or `0.0.0.0` = all. Loopback by default: the page and"
                        + " the metrics need no password, so exposing them is a deliberate choice."));
        t.add(Param.of("metrics-ready-max-lag", integer(0, Long.MAX_VALUE), "1000")
                .doc("`/readyz` answers 503 while this node's applied index is more than this many entries behind the"
                        + " commit index it knows from the leader."));
        return t;
    }

    private static String host(String v) throws InvalidValue {
        if (v.isEmpty() || v.indexOf(' ') >= 0) throw new InvalidValue("Invalid bind address");
        return v;
    }
}
