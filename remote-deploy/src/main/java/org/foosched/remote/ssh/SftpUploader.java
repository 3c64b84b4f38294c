package org.foosched.remote.ssh;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.SftpProgressMonitor;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads a file so that the final name only ever holds a complete, verified copy: SFTP to a
 * hidden temporary name in the same directory, then size and SHA-256 computed on the host
 * ({@code stat}, {@code sha256sum}) and compared with ours, then an atomic {@code mv}. Partial
 * files of earlier, interrupted uploads of the same name are removed first.
 */
public final class SftpUploader {

    /**
     * @param remotePath where the file now is
     * @param size       bytes
     * @param sha256     hex digest, as verified on the host
     */
    public record Result(String remotePath, long size, String sha256) {
    }

    private final SshSession ssh;

    SftpUploader(SshSession ssh) {
        this.ssh = ssh;
    }

    public Result upload(Path local, String remotePath, Progress progress) {
        if (!remotePath.startsWith("/") || remotePath.endsWith("/")) {
            throw new IllegalArgumentException("remote path must be an absolute file path: " + remotePath);
        }
        long size;
        String sha;
        try {
            size = Files.size(local);
            sha = sha256(local);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + local, e);
        }
        int slash = remotePath.lastIndexOf('/');
        String dir = slash == 0 ? "/" : remotePath.substring(0, slash);
        String name = remotePath.substring(slash + 1);
        String partPrefix = "." + name + ".part-";
        String tmp = dir + "/" + partPrefix + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String who = SshConnector.describe(ssh.host());

        ExecResult prep = ssh.run(RemoteCommand.of("mkdir -p " + ShellQuote.quote(dir) + " && rm -f "
                + ShellQuote.quote(dir) + "/" + ShellQuote.quote(partPrefix) + "*").labelled("prepare " + dir));
        if (!prep.ok()) {
            throw new SshException(SshException.Reason.TRANSFER_FAILED, "cannot prepare " + dir + " on " + who
                    + ": " + prep.lastErrorLine());
        }

        AtomicLong sent = new AtomicLong();
        ChannelSftp sftp = openSftp(local);
        try (InputStream in = Files.newInputStream(local)) {
            sftp.put(in, tmp, new Monitor(progress, size, sent, local), ChannelSftp.OVERWRITE);
        } catch (SftpException | IOException e) {
            if (progress.isCancelled()) {
                throw new SshException(SshException.Reason.CANCELLED, "upload of " + local.getFileName() + " to "
                        + who + " cancelled; the partial copy is removed by the next upload");
            }
            if (!ssh.isConnected() || e.getCause() instanceof IOException || e instanceof IOException) {
                throw ssh.connectionLost("uploading " + local.getFileName() + " (" + sent.get() + " of " + size
                        + " bytes sent); nothing was installed and the partial copy is removed by the next "
                        + "upload — re-run when the host is reachable");
            }
            throw new SshException(SshException.Reason.TRANSFER_FAILED, "uploading " + local.getFileName() + " to "
                    + who + ":" + tmp + " failed: " + e.getMessage(), e);
        } finally {
            sftp.disconnect();
        }

        ExecResult check = ssh.run(RemoteCommand.of("stat -c %s " + ShellQuote.quote(tmp) + " && sha256sum "
                + ShellQuote.quote(tmp)).labelled("verify " + tmp));
        String[] words = check.stdout().strip().split("\\s+");
        if (!check.ok() || words.length < 2) {
            throw new SshException(SshException.Reason.TRANSFER_FAILED, "cannot verify the upload of "
                    + local.getFileName() + " on " + who + " (stat/sha256sum): " + check.lastErrorLine());
        }
        long remoteSize = Long.parseLong(words[0]);
        String remoteSha = words[1];
        if (remoteSize != size || !remoteSha.equalsIgnoreCase(sha)) {
            ssh.run(RemoteCommand.of("rm -f " + ShellQuote.quote(tmp)));
            throw new SshException(SshException.Reason.TRANSFER_FAILED, "the upload of " + local.getFileName()
                    + " to " + who + " arrived altered: " + remoteSize + " bytes, sha256 " + remoteSha + " (sent "
                    + size + " bytes, sha256 " + sha + "); removed it — re-run the upload");
        }
        ExecResult mv = ssh.run(RemoteCommand.of("mv -f " + ShellQuote.quote(tmp) + " " + ShellQuote.quote(remotePath))
                .labelled("rename " + tmp));
        if (!mv.ok()) {
            throw new SshException(SshException.Reason.TRANSFER_FAILED, "cannot move the verified upload into place as "
                    + remotePath + " on " + who + ": " + mv.lastErrorLine());
        }
        progress.log("uploaded " + local.getFileName() + " to " + ssh.host().name() + ":" + remotePath + " ("
                + size + " bytes, sha256 " + sha + " verified on the host)");
        return new Result(remotePath, size, sha);
    }

    private ChannelSftp openSftp(Path local) {
        try {
            ChannelSftp sftp = (ChannelSftp) ssh.jschSession().openChannel("sftp");
            sftp.connect((int) Math.min(Integer.MAX_VALUE, ssh.options().connectTimeout().toMillis()));
            return sftp;
        } catch (JSchException e) {
            if (!ssh.isConnected()) {
                throw ssh.connectionLost("starting the upload of " + local.getFileName());
            }
            throw new SshException(SshException.Reason.TRANSFER_FAILED, "cannot open SFTP on "
                    + SshConnector.describe(ssh.host()) + " (is the sftp subsystem enabled in sshd_config?): "
                    + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Monitor implements SftpProgressMonitor {
        private final Progress progress;
        private final long size;
        private final AtomicLong sent;
        private final Path local;
        private long lastReport;

        Monitor(Progress progress, long size, AtomicLong sent, Path local) {
            this.progress = progress;
            this.size = size;
            this.sent = sent;
            this.local = local;
        }

        @Override
        public void init(int op, String src, String dest, long max) {
        }

        @Override
        public boolean count(long count) {
            long total = sent.addAndGet(count);
            long now = System.nanoTime();
            if (now - lastReport > 200_000_000L) {
                lastReport = now;
                progress.step("uploading " + local.getFileName(), size == 0 ? 1 : (double) total / size);
            }
            return !progress.isCancelled();
        }

        @Override
        public void end() {
        }
    }
}
