package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseCheckTest {

    private static final PackageInfo PKG = new PackageInfo(Path.of("foosched-x_1.0_amd64.deb"), PackageFormat.DEB,
            "foosched-x", "1.0", "amd64", "6.1.0-56-amd64", "x");

    @Test
    void theSameReleasePasses() {
        assertThatCode(() -> ReleaseCheck.require(PKG, "testbed", "6.1.0-56-amd64\n")).doesNotThrowAnyException();
    }

    @Test
    void anotherReleaseIsRefusedNamingBoth() {
        assertThatThrownBy(() -> ReleaseCheck.require(PKG, "testbed", "6.1.0-55-amd64"))
                .isInstanceOf(DeployException.class)
                .hasMessage("package foosched-x 1.0 is built for Linux 6.1.0-56-amd64 but host testbed runs "
                        + "6.1.0-55-amd64; rebuild it for 6.1.0-55-amd64 or deploy it to a host running 6.1.0-56-amd64")
                .extracting(e -> ((DeployException) e).reason()).isEqualTo(DeployException.Reason.RELEASE_MISMATCH);
    }

    @Test
    void aPrefixIsNotTheSameRelease() {
        assertThatThrownBy(() -> ReleaseCheck.require(PKG, "h", "6.1.0-56-amd64-rt")).isInstanceOf(DeployException.class);
        assertThatThrownBy(() -> ReleaseCheck.require(PKG, "h", "6.1.0-56")).isInstanceOf(DeployException.class);
    }
}
