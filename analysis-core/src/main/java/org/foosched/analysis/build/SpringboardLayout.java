package org.foosched.analysis.build;

import org.foosched.analysis.vmlinux.CompilerVariants;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vmlinux's {@code __schedule} as the springboard ({@code module-runtime-c/sched/springboard.h})
 * needs it, measured in the release's {@code -dbg} vmlinux: where it calls
 * {@code __switch_to_asm}, what its frame looks like there, and proof that its tail after the
 * switch needs nothing but that frame: {@code mov %rax,%rdi; call finish_task_switch*} (prev in
 * %rdi, result unused), the canary check, the epilogue that pops what the prologue pushed.
 *
 * @param schedule     vmlinux's {@code __schedule}
 * @param frame        its prologue
 * @param switchOffset offset of its {@code call __switch_to_asm} (where the springboard jumps)
 * @param returnOffset offset of the instruction after it (where every sleeping task resumes)
 * @param finish       the function its tail calls with prev: {@code finish_task_switch.isra.0}
 * @param tail         the bytes from the switch call to the last pop, which the module compares
 *                     with the running kernel's before it loads
 */
record SpringboardLayout(VmlinuxSymbol schedule, ScheduleFrame frame, long switchOffset, long returnOffset,
                         VmlinuxSymbol finish, byte[] tail) {

    static final String SWITCH_TO = "__switch_to_asm";
    static final String FINISH_BASE = "finish_task_switch";
    private static final Pattern CANARY_RELOAD = Pattern.compile("-0x([0-9a-f]+)\\(%rbp\\),%(\\w+)");
    private static final Pattern ADD_RSP = Pattern.compile("\\$0x([0-9a-f]+),%rsp");
    private static final Pattern LEA_RSP = Pattern.compile("-0x([0-9a-f]+)\\(%rbp\\),%rsp");

    /**
     * What the disassembly of vmlinux's {@code __schedule} says, before any symbol lookup.
     *
     * @param frame         its prologue
     * @param switchOffset  offset of the {@code call __switch_to_asm}
     * @param returnOffset  offset of the instruction after it
     * @param finishName    the function the tail calls with prev
     * @param finishAddress its address as objdump printed it
     * @param tailEnd       offset just after the tail's last pop
     */
    record Shape(ScheduleFrame frame, long switchOffset, long returnOffset, String finishName, long finishAddress,
                 long tailEnd) {
    }

    /** Measures {@code schedule} (vmlinux's {@code __schedule}) in the index's file. */
    static SpringboardLayout measure(VmlinuxIndex index, VmlinuxSymbol schedule) {
        String what = "vmlinux's " + schedule.name();
        Disassembly d = Disassembly.of(index.path(), null, schedule.address(), schedule.address() + schedule.size());
        Shape shape = analyse(d, what);
        VmlinuxSymbol finish = index.symbolsNamed(shape.finishName()).stream()
                .filter(s -> s.address() == shape.finishAddress() && s.isFunction()).findFirst()
                .orElseThrow(() -> new BuildException(what + " calls " + shape.finishName()
                        + " but vmlinux has no function of that name at 0x" + Long.toHexString(shape.finishAddress())));
        if (finish.sympos() < 0) {
            throw new BuildException(finish.name() + " is not listed by kallsyms; the module cannot find it");
        }
        byte[] tail;
        try {
            tail = index.bytes(schedule, shape.switchOffset(), (int) (shape.tailEnd() - shape.switchOffset()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpringboardLayout(schedule, shape.frame(), shape.switchOffset(), shape.returnOffset(), finish, tail);
    }

    /** The prologue, the one switch point and the verified tail of a disassembled vmlinux __schedule. */
    static Shape analyse(Disassembly d, String what) {
        if (d.insns().isEmpty()) {
            throw new BuildException("objdump printed no instructions for " + what);
        }
        ScheduleFrame frame = ScheduleFrame.of(d, what);
        if (!frame.framePointer() || frame.pushes().isEmpty()) {
            throw new BuildException(what + " has no %rbp frame (" + frame.describe()
                    + "); the springboard needs one");
        }
        List<Integer> calls = d.callsTo(SWITCH_TO);
        if (calls.size() != 1) {
            throw new BuildException(what + " calls " + SWITCH_TO + " " + calls.size()
                    + " times; the springboard needs exactly one switch point");
        }
        int at = calls.get(0);
        Disassembly.Insn call = d.insns().get(at);
        Disassembly.Insn next = d.at(at + 1).orElseThrow(() -> new BuildException(what + " ends at its "
                + SWITCH_TO + " call"));
        Disassembly.Insn finish = checkTail(d, at + 1, what);
        long end = tailEnd(d, at + 1, frame, what);
        long address;
        try {
            address = Long.parseUnsignedLong(finish.operands(), 16);
        } catch (NumberFormatException e) {
            throw new BuildException(what + ": cannot read the address of its call to " + finish.calleeSymbol()
                    + " (\"" + finish.text() + "\")");
        }
        return new Shape(frame, call.offset(), next.offset(), finish.calleeSymbol(), address, end);
    }

    /**
     * The tail right after the switch must hand prev to finish_task_switch in %rdi and call it;
     * returns that call.
     */
    private static Disassembly.Insn checkTail(Disassembly d, int from, String what) {
        Disassembly.Insn first = d.insns().get(from);
        if (!(first.mnemonic().equals("mov") && first.operands().equals("%rax,%rdi"))) {
            throw new BuildException(what + ": after " + SWITCH_TO + " expected \"mov %rax,%rdi\" (prev for "
                    + FINISH_BASE + "), found \"" + first.text() + "\"");
        }
        Disassembly.Insn call = d.at(from + 1).orElseThrow(() -> new BuildException(what + " ends after the switch"));
        if (!call.isCall() || !CompilerVariants.baseName(call.calleeSymbol()).equals(FINISH_BASE)) {
            throw new BuildException(what + ": after " + SWITCH_TO + " expected the call of " + FINISH_BASE
                    + ", found \"" + call.text() + (call.target().isEmpty() ? "" : " <" + call.target() + ">") + "\"");
        }
        return call;
    }

    /** Offset of the end of the tail's last pop; checks every instruction up to the return. */
    private static long tailEnd(Disassembly d, int from, ScheduleFrame frame, String what) {
        List<String> pops = new ArrayList<>();
        String canaryReg = null;
        boolean canaryChecked = frame.canary() < 0;
        long end = -1;
        for (int i = from + 2; i < d.insns().size(); i++) {
            Disassembly.Insn in = d.insns().get(i);
            String m = in.mnemonic();
            String o = in.operands();
            Matcher reload = CANARY_RELOAD.matcher(o);
            if (m.equals("mov") && reload.matches() && Long.parseLong(reload.group(1), 16) == frame.canary()) {
                canaryReg = reload.group(2);
            } else if (canaryReg != null && (m.equals("sub") || m.equals("cmp") || m.equals("xor"))
                    && o.equals("%gs:0x28,%" + canaryReg)) {
                canaryChecked = true;
            } else if (canaryChecked && m.startsWith("j") && !m.equals("jmp") && !in.target().isEmpty()) {
                continue; // to the __stack_chk_fail call
            } else if (m.equals("add") && ADD_RSP.matcher(o).matches()
                    && Long.parseLong(matchGroup(ADD_RSP, o), 16) == frame.locals()) {
                continue;
            } else if (m.equals("lea") && LEA_RSP.matcher(o).matches()
                    && Long.parseLong(matchGroup(LEA_RSP, o), 16) == 8L * (frame.pushes().size() - 1)) {
                continue;
            } else if (m.equals("pop")) {
                pops.add(o.replace("%", ""));
                end = i + 1 < d.insns().size() ? d.insns().get(i + 1).offset() : -1;
            } else if ((m.equals("ret") || m.equals("jmp") && in.target().startsWith("__x86_return_thunk"))
                    && !pops.isEmpty()) {
                List<String> expected = new ArrayList<>(frame.pushes());
                java.util.Collections.reverse(expected);
                if (!pops.equals(expected)) {
                    throw new BuildException(what + ": its tail pops " + String.join(" ", pops)
                            + " but its prologue pushed " + String.join(" ", frame.pushes()));
                }
                if (!canaryChecked) {
                    throw new BuildException(what + ": its tail does not check the canary at "
                            + ScheduleFrame.slot(frame.canary()));
                }
                return end;
            } else {
                throw new BuildException(what + ": its tail after the switch does \"" + in.text() + "\" at +0x"
                        + Long.toHexString(in.offset()) + "; the springboard only guarantees the canary slot and the "
                        + "pushed registers, so it cannot be used with this kernel");
            }
        }
        throw new BuildException(what + ": no return found after the switch point");
    }

    private static String matchGroup(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.matches() ? m.group(1) : "0";
    }

    /** Checks the module's compiled {@code __schedule} against vmlinux's frame. */
    void checkModule(Disassembly module, String where, String springboardSymbol) {
        ScheduleFrame mod = ScheduleFrame.of(module, where);
        Optional<String> diff = mod.mismatch(frame);
        if (diff.isPresent()) {
            throw new BuildException("the module's __schedule (" + where + ") cannot use the springboard: "
                    + diff.get() + ". vmlinux: " + frame.describe() + "; module: " + mod.describe()
                    + ". A module built like this would crash on the first task switch, so nothing was packaged");
        }
        if (module.callsTo(springboardSymbol).size() != 1) {
            throw new BuildException("the module's __schedule (" + where + ") calls " + springboardSymbol + " "
                    + module.callsTo(springboardSymbol).size() + " times, expected once (context_switch() must be "
                    + "inlined and end in foosched_switch_to())");
        }
        if (!module.callsTo(SWITCH_TO).isEmpty()) {
            throw new BuildException("the module's __schedule (" + where + ") still calls " + SWITCH_TO
                    + " itself; tasks it switched out would sleep in the module");
        }
    }

    /** The generated {@code foosched_sched_layout.h}. */
    String header(String vmlinuxName, List<String> objectMacros) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* SPDX-License-Identifier: GPL-2.0 */\n");
        sb.append("/* Generated by foosched build from ").append(vmlinuxName).append("; do not edit. */\n");
        sb.append("/* vmlinux's __schedule: ").append(frame.describe()).append(" */\n");
        sb.append("#define FOOSCHED_SCHEDULE_SYM \"").append(vmlinuxSymbol(schedule)).append("\"\n");
        sb.append("#define FOOSCHED_SB_SWITCH_OFF 0x").append(Long.toHexString(switchOffset)).append('\n');
        sb.append("#define FOOSCHED_SB_RETURN_OFF 0x").append(Long.toHexString(returnOffset)).append('\n');
        sb.append("#define FOOSCHED_SB_FRAME 0x").append(Long.toHexString(frame.rspBelowRbp())).append('\n');
        sb.append("#define FOOSCHED_SB_CANARY 0x").append(Long.toHexString(Math.max(0, frame.canary()))).append('\n');
        sb.append("#define FOOSCHED_SB_TAIL_BYTES ");
        for (int i = 0; i < tail.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("0x%02x", tail[i] & 0xff));
        }
        sb.append('\n');
        objectMacros.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    static String vmlinuxSymbol(VmlinuxSymbol s) {
        return "foosched.vmlinux." + Math.max(0, s.sympos()) + "." + s.name();
    }
}
