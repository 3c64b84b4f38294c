package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SshCommandTest {

    @Test
    void commandModeIsStrictBatchAndPassesTheCommandAfterDoubleDash() {
        List<String> c = SshCommand.build(43613, Path.of("/img/id_ed25519"), Path.of("/vms/t/known_hosts"),
                List.of("uname", "-r"));
        String s = String.join(" ", c);
        assertThat(c.get(0)).isEqualTo("ssh");
        assertThat(s).contains("-o StrictHostKeyChecking=yes", "-o UserKnownHostsFile=/vms/t/known_hosts",
                "-o GlobalKnownHostsFile=/dev/null", "-o IdentitiesOnly=yes", "-i /img/id_ed25519", "-p 43613",
                "-o BatchMode=yes", "-F /dev/null");
        assertThat(c.subList(c.size() - 4, c.size())).containsExactly("root@127.0.0.1", "--", "uname", "-r");
    }

    @Test
    void interactiveModeHasNoCommandAndNoBatchMode() {
        List<String> c = SshCommand.build(2222, Path.of("/k"), Path.of("/kh"), List.of());
        assertThat(c.get(c.size() - 1)).isEqualTo("root@127.0.0.1");
        assertThat(c).doesNotContain("--", "BatchMode=yes");
    }
}
