package org.foosched.remote.vm;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Asks whether a VM's sshd answers: first the protocol banner ({@code SSH-2.0-…}) on the
 * forwarded port (QEMU accepts the TCP connection even before the guest listens, so only
 * the banner tells), then a real login that checks the host key against the recorded one and
 * runs a command.
 */
public final class SshProbe {

    private SshProbe() {
    }

    /** True when {@code 127.0.0.1:port} sends an SSH banner within {@code timeoutMs}. */
    public static boolean bannerAnswers(int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            InputStream in = s.getInputStream();
            byte[] want = "SSH-".getBytes(StandardCharsets.US_ASCII);
            for (byte b : want) {
                int c = in.read();
                if (c != b) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Logs in as root with {@code identity}, trusting only {@code knownHostsLine}, and returns
     * the trimmed output of {@code command}. A different host key is a {@link VmException}
     * naming the recorded key file.
     */
    public static String loginAndRun(int port, String knownHostsLine, Path identity, String command, int timeoutMs) {
        Session session = null;
        try {
            JSch jsch = new JSch();
            jsch.addIdentity(identity.toString());
            jsch.setKnownHosts(new ByteArrayInputStream((knownHostsLine + "\n").getBytes(StandardCharsets.UTF_8)));
            session = jsch.getSession("root", "127.0.0.1", port);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("server_host_key", "ssh-ed25519");
            session.setConfig("PreferredAuthentications", "publickey");
            session.connect(timeoutMs);
            ChannelExec ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(command);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOutputStream(out);
            ch.setErrStream(new ByteArrayOutputStream());
            ch.connect(timeoutMs);
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (!ch.isClosed() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            if (!ch.isClosed()) {
                throw new VmException("'" + command + "' did not finish within " + timeoutMs + " ms on port " + port);
            }
            int rc = ch.getExitStatus();
            ch.disconnect();
            if (rc != 0) {
                throw new VmException("'" + command + "' failed with exit code " + rc + " on port " + port);
            }
            return out.toString(StandardCharsets.UTF_8).trim();
        } catch (JSchException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("HostKey has been changed") || m.contains("reject HostKey")) {
                throw new HostKeyMismatchException("the SSH host key on 127.0.0.1:" + port
                        + " is not the recorded one (" + knownHostsLine + "): " + m);
            }
            throw new VmException("SSH login to 127.0.0.1:" + port + " failed: " + m, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while talking to 127.0.0.1:" + port);
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
    }

    /** The host presented a key other than the recorded one. */
    public static final class HostKeyMismatchException extends VmException {
        private static final long serialVersionUID = 1L;

        public HostKeyMismatchException(String message) {
            super(message);
        }
    }
}
