package org.foosched.remote.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A built test host image ({@code testbed/build-image.sh}): kernel, initramfs, raw ext4 base
 * disk, the client key that logs in as root and the host key every VM of it presents.
 */
public record TestbedImage(String release, Path dir) {

    /** The files a complete image has; the build script writes the same list. */
    public static final List<String> FILES = List.of("vmlinuz", "initrd.img", "base.ext4", "id_ed25519",
            "id_ed25519.pub", "ssh_host_ed25519_key.pub", "known_hosts", "stamp");

    public Path kernel() {
        return dir.resolve("vmlinuz");
    }

    public Path initrd() {
        return dir.resolve("initrd.img");
    }

    public Path baseDisk() {
        return dir.resolve("base.ext4");
    }

    public Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    public Path hostKeyFile() {
        return dir.resolve("ssh_host_ed25519_key.pub");
    }

    public boolean isComplete() {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /** The recorded host key as {@code ssh-ed25519 AAAA…} (type and key, no comment). */
    public String hostKey() {
        try {
            String[] parts = Files.readString(hostKeyFile()).trim().split("\\s+");
            if (parts.length < 2 || !parts[0].startsWith("ssh-")) {
                throw new VmException(hostKeyFile() + " holds no SSH public key; rebuild the image (delete " + dir + ")");
            }
            return parts[0] + " " + parts[1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded host key " + hostKeyFile(), e);
        }
    }

    /** The {@code known_hosts} line for a VM of this image reached on {@code 127.0.0.1:port}. */
    public String knownHostsLine(int port) {
        return KnownHosts.line("127.0.0.1", port, hostKey());
    }
}
