package io.redraft.server.tool;

/** A node's {@code host:port} as the tool is given it and as CLUSTER SHARDS lists it. */
record Address(String host, int port) implements Comparable<Address> {
    static Address parse(String text) throws AdminException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) throw AdminException.usage("not a host:port address: " + text);
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return new Address(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw AdminException.usage("not a host:port address: " + text);
        }
    }

    @Override
    public int compareTo(Address o) {
        int c = host.compareTo(o.host);
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
