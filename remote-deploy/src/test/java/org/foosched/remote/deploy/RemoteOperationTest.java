package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteOperationTest {

    @Test
    void parsesTheLastOperationRecord() {
        assertThat(RemoteOperation.parseLast("none\n")).isEmpty();
        assertThat(RemoteOperation.parseLast("id=x\nwhat=install a 1\nstarted=1700000000\nrc=0\nlog|Setting up a\n"))
                .contains(new RemoteOperation.Record("x", "install a 1", 1700000000L, RemoteOperation.State.FINISHED, 0,
                        List.of("Setting up a")));
        assertThat(RemoteOperation.parseLast("id=y\nwhat=remove a 1\nstarted=5\nstate=running\n").get().state())
                .isEqualTo(RemoteOperation.State.RUNNING);
        assertThat(RemoteOperation.parseLast("id=z\nwhat=w\nstarted=5\nstate=interrupted\n").get().exitCode()).isNull();
    }

    @Test
    void theStartScriptRecordsBeforeItDetaches() {
        String s = RemoteOperation.startScript("20261127T000000-abcdef", "install foosched-x 1.0", "dpkg -i /var/tmp/x.deb");
        assertThat(s).contains("d=/var/tmp/foosched/ops/20261127T000000-abcdef")
                .contains("printf '%s\\n' 'install foosched-x 1.0' >\"$d/what\"")
                .contains("setsid /bin/sh -c 'trap '\\'''\\'' HUP; (dpkg -i /var/tmp/x.deb) >\"$1/log\" 2>&1 </dev/null;"
                        + " echo $? >\"$1/rc.tmp\"; mv -f \"$1/rc.tmp\" \"$1/rc\"' sh \"$d\"");
        assertThat(s.indexOf("/last")).isLessThan(s.indexOf("setsid"));
        assertThat(RemoteOperation.newId()).matches("\\d{8}T\\d{6}-[0-9a-f]{6}");
    }
}
