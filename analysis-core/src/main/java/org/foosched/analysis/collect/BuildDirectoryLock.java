package org.foosched.analysis.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One collection at a time per build directory (the workbench and the CLI may both try):
 * two makes in one kbuild tree would corrupt each other's objects. The operating system
 * releases the lock if the process dies.
 */
final class BuildDirectoryLock implements AutoCloseable {

    static final String FILE = ".foosched-lock";

    private final FileChannel channel;
    private final FileLock lock;

    private BuildDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static BuildDirectoryLock acquire(Path buildDir) {
        try {
            Files.createDirectories(buildDir);
            FileChannel channel = FileChannel.open(buildDir.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new CollectException("build directory " + buildDir + " is in use by another collection: "
                        + "wait for it to finish or cancel it");
            }
            return new BuildDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock build directory " + buildDir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
