package io.redraft.server;

public final class Main {
    public static void main(String[] args) {}
}
