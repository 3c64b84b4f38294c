package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VmSpecTest {

    @Test
    void defaults() {
        VmSpec s = VmSpec.defaults("6.1.0-56-amd64");
        assertThat(s).isEqualTo(new VmSpec("testbed", "6.1.0-56-amd64", 2, 1024));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> new VmSpec("a b", "r", 2, 1024)).hasMessageContaining("VM name 'a b'");
        assertThatThrownBy(() -> new VmSpec("a", "6.1/../x", 2, 1024)).hasMessageContaining("kernel release");
        assertThatThrownBy(() -> new VmSpec("a", "r", 0, 1024)).hasMessageContaining("--cpus 0");
        assertThatThrownBy(() -> new VmSpec("a", "r", 2, 100)).hasMessageContaining("--mem 100");
        assertThat(new VmSpec("lab-1.a_b", "6.12.9+bpo-amd64", 1, 256).name()).isEqualTo("lab-1.a_b");
    }
}
