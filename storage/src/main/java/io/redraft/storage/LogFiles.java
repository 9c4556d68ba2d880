package io.redraft.storage;

import java.io.IOException;

/** Creating a fresh, empty log and index atomically: written under temp names, synced, renamed. */
final class LogFiles {
    private LogFiles() {}

    record Opened(LogSegment segment, LogIndex index) {}

    static Opened createEmpty(FileSystem fs, FileNames names, LogHeader header) throws IOException {
        LogSegment segment = LogSegment.create(fs, names.logTemp(), header);
        LogIndex index = LogIndex.create(fs, names.indexTemp(), header.dbid(), header.prevIndex());
        segment.force();
        index.force();
        fs.rename(names.logTemp(), names.log());
        fs.rename(names.indexTemp(), names.index());
        fs.syncDirectory();
        segment.renamed(names.log());
        return new Opened(segment, index);
    }
}
