package org.foosched.analysis.build;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The springboard's reading of {@code __schedule} listings (vmlinux's and a module's core.o). */
class SpringboardLayoutTest {

    static final long BASE = 0xffffffff81a523d0L;

    /** Debian 6.1.0-56's __schedule, objdump -d --no-show-raw-insn: prologue, switch point, tail. */
    static final List<String> VMLINUX = List.of(
            "ffffffff81a523d0 <__schedule>:",
            "ffffffff81a523d0:\tpush   %rbp",
            "ffffffff81a523d1:\tmov    %rsp,%rbp",
            "ffffffff81a523d4:\tpush   %r15",
            "ffffffff81a523d6:\tpush   %r14",
            "ffffffff81a523d8:\tpush   %r13",
            "ffffffff81a523da:\tpush   %r12",
            "ffffffff81a523dc:\tmov    $0x31c40,%r12",
            "ffffffff81a523e3:\tpush   %rbx",
            "ffffffff81a523e4:\tmov    %r12,%rbx",
            "ffffffff81a523e7:\tsub    $0x20,%rsp",
            "ffffffff81a523eb:\tmov    %edi,-0x44(%rbp)",
            "ffffffff81a523ee:\tmov    %gs:0x28,%rax",
            "ffffffff81a523f7:\tmov    %rax,-0x30(%rbp)",
            "ffffffff81a523fb:\txor    %eax,%eax",
            "ffffffff81a52405:\tmov    %gs:0x7e5c75d4(%rip),%eax        # 199e0 <cpu_number>",
            "ffffffff81a52712:\tmov    %r13,%rdi",
            "ffffffff81a52715:\tmov    %r12,%rsi",
            "ffffffff81a52718:\tcall   ffffffff81003270 <__switch_to_asm>",
            "ffffffff81a5271d:\tmov    %rax,%rdi",
            "ffffffff81a52720:\tcall   ffffffff810dcf60 <finish_task_switch.isra.0>",
            "ffffffff81a52725:\tmov    -0x30(%rbp),%rax",
            "ffffffff81a52729:\tsub    %gs:0x28,%rax",
            "ffffffff81a52732:\tjne    ffffffff81a52db2 <__schedule+0x9e2>",
            "ffffffff81a52738:\tadd    $0x20,%rsp",
            "ffffffff81a5273c:\tpop    %rbx",
            "ffffffff81a5273d:\tpop    %r12",
            "ffffffff81a5273f:\tpop    %r13",
            "ffffffff81a52741:\tpop    %r14",
            "ffffffff81a52743:\tpop    %r15",
            "ffffffff81a52745:\tpop    %rbp",
            "ffffffff81a52746:\tjmp    ffffffff81e01d30 <__x86_return_thunk>",
            "ffffffff81a5274b:\tlea    0xbc0(%rbx),%r12");

    /** The module's __schedule in core.o (objdump -dr): another frame size, same layout above it. */
    static final List<String> MODULE = List.of(
            "0000000000000000 <foosched_new_261>:",
            "   0:\tpush   %rbp",
            "   1:\txor    %ecx,%ecx",
            "   3:\tmov    %rsp,%rbp",
            "   6:\tpush   %r15",
            "   8:\tpush   %r14",
            "   a:\tpush   %r13",
            "   c:\tmov    $0x0,%r13",
            "\t\t\tf: R_X86_64_32S\trunqueues",
            "  13:\tpush   %r12",
            "  15:\tpush   %rbx",
            "  16:\tmov    %r13,%rbx",
            "  19:\tsub    $0x30,%rsp",
            "  1d:\tmov    %gs:0x28,%rax",
            "  26:\tmov    %rax,-0x30(%rbp)",
            "  2a:\txor    %eax,%eax",
            " 378:\tmov    -0x50(%rbp),%rsi",
            " 37c:\tmov    -0x48(%rbp),%rdi",
            " 380:\tcall   385 <foosched_new_261+0x385>",
            "\t\t\t381: R_X86_64_PLT32\tfoosched_springboard_enter-0x4",
            " 385:\tlea    0xbc0(%rbx),%r13",
            " 38f:\tcall   394 <foosched_new_261+0x394>",
            "\t\t\t390: R_X86_64_PLT32\thrtimer_active-0x4");

    private static Disassembly vmlinux(List<String> lines) {
        return Disassembly.parse(lines, BASE);
    }

    @Test
    void readsVmlinuxSwitchPointFrameAndTail() {
        SpringboardLayout.Shape s = SpringboardLayout.analyse(vmlinux(VMLINUX), "vmlinux's __schedule");

        assertThat(s.frame().pushes()).containsExactly("rbp", "r15", "r14", "r13", "r12", "rbx");
        assertThat(s.frame().framePointer()).isTrue();
        assertThat(s.frame().locals()).isEqualTo(0x20);
        assertThat(s.frame().canary()).isEqualTo(0x30);
        assertThat(s.frame().rspBelowRbp()).as("lea -0x48(%%rbp),%%rsp").isEqualTo(0x48);
        assertThat(s.switchOffset()).isEqualTo(0x348);
        assertThat(s.returnOffset()).isEqualTo(0x34d);
        assertThat(s.finishName()).isEqualTo("finish_task_switch.isra.0");
        assertThat(s.finishAddress()).isEqualTo(0xffffffff810dcf60L);
        assertThat(s.tailEnd()).as("up to the return-thunk jump, which boot code may rewrite").isEqualTo(0x376);
    }

    @Test
    void refusesATailThatUsesTheLocals() {
        List<String> lines = new ArrayList<>(VMLINUX);
        lines.add(lines.indexOf("ffffffff81a52725:\tmov    -0x30(%rbp),%rax"),
                "ffffffff81a52724:\tmov    -0x44(%rbp),%edx");

        assertThatThrownBy(() -> SpringboardLayout.analyse(vmlinux(lines), "vmlinux's __schedule"))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("its tail after the switch does \"mov -0x44(%rbp),%edx\"")
                .hasMessageContaining("only guarantees the canary slot and the pushed registers");
    }

    @Test
    void refusesATailThatDoesNotPassPrev() {
        List<String> lines = new ArrayList<>(VMLINUX);
        lines.set(lines.indexOf("ffffffff81a5271d:\tmov    %rax,%rdi"), "ffffffff81a5271d:\tmov    %rbx,%rdi");

        assertThatThrownBy(() -> SpringboardLayout.analyse(vmlinux(lines), "vmlinux's __schedule"))
                .hasMessageContaining("expected \"mov %rax,%rdi\" (prev for finish_task_switch), found \"mov %rbx,%rdi\"");
    }

    @Test
    void refusesAnEpilogueThatPopsOtherRegisters() {
        List<String> lines = new ArrayList<>(VMLINUX);
        lines.remove("ffffffff81a5273d:\tpop    %r12");

        assertThatThrownBy(() -> SpringboardLayout.analyse(vmlinux(lines), "vmlinux's __schedule"))
                .hasMessageContaining("its tail pops rbx r13 r14 r15 rbp but its prologue pushed rbp r15 r14 r13 r12 rbx");
    }

    @Test
    void refusesTwoSwitchPoints() {
        List<String> lines = new ArrayList<>(VMLINUX);
        lines.add("ffffffff81a52760:\tcall   ffffffff81003270 <__switch_to_asm>");

        assertThatThrownBy(() -> SpringboardLayout.analyse(vmlinux(lines), "vmlinux's __schedule"))
                .hasMessageContaining("calls __switch_to_asm 2 times");
    }

    @Test
    void moduleWithTheSameLayoutPasses() {
        SpringboardLayout layout = layout();

        layout.checkModule(Disassembly.parse(MODULE, 0), "core.o", "foosched_springboard_enter");
    }

    @Test
    void moduleWithOtherPushesIsRefusedNamingTheDifference() {
        List<String> lines = new ArrayList<>(MODULE);
        lines.remove("  13:\tpush   %r12");
        lines.set(lines.indexOf("  26:\tmov    %rax,-0x30(%rbp)"), "  26:\tmov    %rax,-0x28(%rbp)");

        assertThatThrownBy(() -> layout().checkModule(Disassembly.parse(lines, 0), "core.o .sched.text+0x0",
                "foosched_springboard_enter"))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("the module's __schedule (core.o .sched.text+0x0) cannot use the springboard")
                .hasMessageContaining("its prologue pushes rbp r15 r14 r13 rbx where vmlinux's pushes rbp r15 r14 r13 r12 rbx")
                .hasMessageContaining("its stack-protector canary is at -0x28(%rbp) where vmlinux's is at -0x30(%rbp)")
                .hasMessageContaining("nothing was packaged");
    }

    @Test
    void moduleThatStillSwitchesItselfIsRefused() {
        List<String> lines = new ArrayList<>(MODULE);
        int i = lines.indexOf("\t\t\t381: R_X86_64_PLT32\tfoosched_springboard_enter-0x4");
        lines.set(i, "\t\t\t381: R_X86_64_PLT32\t__switch_to_asm-0x4");

        assertThatThrownBy(() -> layout().checkModule(Disassembly.parse(lines, 0), "core.o",
                "foosched_springboard_enter"))
                .hasMessageContaining("calls foosched_springboard_enter 0 times");
    }

    @Test
    void headerCarriesTheMeasuredNumbers() {
        String h = layout().header("vmlinux-6.1.0-56-amd64", List.of("#define FOOSCHED_SYM_X \"foosched.vmlinux.0.x\""));

        assertThat(h).contains("#define FOOSCHED_SCHEDULE_SYM \"foosched.vmlinux.0.__schedule\"")
                .contains("#define FOOSCHED_SB_SWITCH_OFF 0x348")
                .contains("#define FOOSCHED_SB_RETURN_OFF 0x34d")
                .contains("#define FOOSCHED_SB_FRAME 0x48")
                .contains("#define FOOSCHED_SB_TAIL_BYTES 0xe8, 0x53")
                .contains("#define FOOSCHED_SYM_X");
    }

    private static SpringboardLayout layout() {
        SpringboardLayout.Shape s = SpringboardLayout.analyse(vmlinux(VMLINUX), "vmlinux's __schedule");
        var sched = new org.foosched.analysis.vmlinux.VmlinuxSymbol(1, "__schedule", BASE, 2547,
                org.foosched.analysis.elf.SymbolType.FUNC, org.foosched.analysis.elf.SymbolBinding.LOCAL, ".text",
                "core.c", 0, 0);
        var finish = new org.foosched.analysis.vmlinux.VmlinuxSymbol(2, s.finishName(), s.finishAddress(), 709,
                org.foosched.analysis.elf.SymbolType.FUNC, org.foosched.analysis.elf.SymbolBinding.LOCAL, ".text",
                "core.c", 0, 0);
        return new SpringboardLayout(sched, s.frame(), s.switchOffset(), s.returnOffset(), finish,
                new byte[] {(byte) 0xe8, 0x53});
    }
}
