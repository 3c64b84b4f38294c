package org.foosched.views.editor;

import org.foosched.analysis.safety.GuardedRegion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedEditTrackerTest {

    static final String TEXT = """
            /* DON'T MODIFY SIGNATURE: interface, vmlinux's f jumps here */
            int f(int a)
            {
            \treturn a;
            }

            /* DON'T MODIFY INIT FUNCTION: it ran at boot */
            void __init g(void)
            {
            \tsetup();
            }
            """;

    @Test
    void editsInsideARegionAreCaughtAndOthersShiftTheRegions() {
        GuardedEditTracker t = new GuardedEditTracker();
        t.reset(TEXT);
        assertThat(t.regions()).extracting(GuardedRegion::function).containsExactly("f", "g");
        int body = TEXT.indexOf("return a;");
        assertThat(t.edit(body, 0, 5)).as("the body of an interface is free").isEmpty();
        int g = t.regions().get(1).start();
        assertThat(g).isEqualTo(TEXT.indexOf("/* DON'T MODIFY INIT") + 5);
        int sig = TEXT.indexOf("int a)") + 4;
        assertThat(t.edit(sig, 1, 1)).map(GuardedRegion::function).contains("f");
        int setup = TEXT.indexOf("setup();") + 5;
        assertThat(t.edit(setup, 0, 3)).map(GuardedRegion::kind).contains(GuardedRegion.Kind.INIT);
        assertThat(t.edit(g, 0, 1)).as("typing before a region does not touch it").isEmpty();
        assertThat(t.regions().get(1).start()).isEqualTo(g + 1);
        assertThat(t.edit(0, 3, 0)).as("deleting into the marker touches it").map(GuardedRegion::function).contains("f");
    }

    @Test
    void warningsSayWhatTheRuleIs() {
        GuardedEditTracker t = new GuardedEditTracker();
        t.reset(TEXT);
        assertThat(GuardedEditTracker.warning(t.regions().get(1))).isEqualTo("you edited init function g "
                + "(DON'T MODIFY INIT FUNCTION): it ran at boot and vmlinux freed it, so the change never runs");
        assertThat(GuardedEditTracker.warning(t.regions().get(0))).startsWith("you edited the signature of f");
    }
}
