package io.redraft.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link FileSystem} over a real directory, with {@link FileChannel}s. */
final class RealFileSystem implements FileSystem {
    private final Path dir;

    RealFileSystem(Path dir) {
        this.dir = dir;
    }

    @Override
    public StorageFile open(String name) throws IOException {
        Files.createDirectories(dir);
        return new ChannelFile(FileChannel.open(dir.resolve(name),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    public void syncDirectory() throws IOException {
        // Linux lets a directory be opened read-only and fsynced; that is what persists renames.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public List<String> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Override
    public String describe(String name) {
        return dir.resolve(name).toString();
    }

    private record ChannelFile(FileChannel ch) implements StorageFile {
        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            long pos = position;
            while (src.hasRemaining()) pos += ch.write(src, pos);
        }

        /** In the kernel (copy_file_range on Linux): no pass of the bytes through the heap. */
        @Override
        public long copyFrom(StorageFile src, long srcPosition, long count, long position) throws IOException {
            if (!(src instanceof ChannelFile from)) return StorageFile.super.copyFrom(src, srcPosition, count, position);
            long done = 0;
            while (done < count) {
                ch.position(position + done);
                long n = from.ch().transferTo(srcPosition + done, count - done, ch);
                if (n <= 0) break;
                done += n;
            }
            return done;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            ch.truncate(size);
        }

        @Override
        public void force() throws IOException {
            // fdatasync: the file size is data for this purpose, so appends are covered.
            ch.force(false);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
