package org.foosched.analysis.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a {@code __schedule} stack frame that a task switched out by the springboard
 * carries into vmlinux's tail: the registers the prologue pushes (in order, {@code %rbp} first
 * when there is a frame pointer) and the %rbp slot of the stack-protector canary. The size of
 * the locals below is reported, not compared: the springboard sets %rsp from %rbp.
 *
 * @param pushes       registers pushed by the prologue, in order ({@code rbp r15 r14 r13 r12 rbx})
 * @param framePointer {@code mov %rsp,%rbp} right after {@code push %rbp}
 * @param locals       the prologue's {@code sub $N,%rsp} (0 when there is none)
 * @param canary       N of {@code -N(%rbp)} where the prologue stores {@code %gs:0x28}, or -1
 */
record ScheduleFrame(List<String> pushes, boolean framePointer, long locals, long canary) {

    private static final Pattern PUSH = Pattern.compile("%(r\\w+)");
    private static final Pattern SUB_RSP = Pattern.compile("\\$0x([0-9a-f]+),%rsp");
    private static final Pattern CANARY_LOAD = Pattern.compile("%gs:0x28,%(\\w+)");
    private static final Pattern STORE_RBP = Pattern.compile("%(\\w+),-0x([0-9a-f]+)\\(%rbp\\)");
    /** The prologue ends at the latest here (vmlinux's interleaves a few register moves). */
    private static final int PROLOGUE_WINDOW = 24;

    /** Bytes between %rbp and %rsp at the switch: the callee-saved pushes and the locals. */
    long rspBelowRbp() {
        return 8L * (pushes.size() - 1) + locals;
    }

    /** Reads the prologue of a disassembled {@code __schedule}. */
    static ScheduleFrame of(Disassembly d, String what) {
        List<String> pushes = new ArrayList<>();
        boolean fp = false;
        long locals = 0;
        long canary = -1;
        String canaryReg = null;
        boolean pushesDone = false;
        int n = Math.min(PROLOGUE_WINDOW, d.insns().size());
        for (int i = 0; i < n; i++) {
            Disassembly.Insn in = d.insns().get(i);
            String m = in.mnemonic();
            if (pushesDone && canary >= 0) {
                break; // the frame is set up: what follows is the body
            }
            if (m.equals("push")) {
                if (pushesDone) {
                    throw new BuildException(what + ": a push after the prologue's stack adjustment ("
                            + in.text() + " at +0x" + Long.toHexString(in.offset()) + ")");
                }
                Matcher r = PUSH.matcher(in.operands());
                pushes.add(r.find() ? r.group(1) : in.operands());
                continue;
            }
            if (m.equals("mov") && in.operands().equals("%rsp,%rbp")) {
                fp = pushes.size() == 1 && pushes.get(0).equals("rbp");
                continue;
            }
            Matcher sub = SUB_RSP.matcher(in.operands());
            if (m.equals("sub") && sub.matches()) {
                locals = Long.parseLong(sub.group(1), 16);
                pushesDone = true;
                continue;
            }
            Matcher load = CANARY_LOAD.matcher(in.operands());
            if (m.equals("mov") && load.matches()) {
                canaryReg = load.group(1);
                continue;
            }
            Matcher store = STORE_RBP.matcher(in.operands());
            if (canaryReg != null && canary < 0 && m.equals("mov") && store.matches()
                    && store.group(1).equals(canaryReg)) {
                canary = Long.parseLong(store.group(2), 16);
                continue;
            }
            if (in.operands().endsWith(",%rsp") || in.operands().endsWith(",%rbp")) {
                // any other write to %rsp or %rbp in the prologue: not a layout we understand
                throw new BuildException(what + ": unexpected stack operation in the prologue ("
                        + in.text() + " at +0x" + Long.toHexString(in.offset()) + ")");
            }
            if (!pushes.isEmpty() && (m.startsWith("call") || m.startsWith("j"))) {
                break; // the body has begun: a function without locals or without a canary
            }
        }
        return new ScheduleFrame(List.copyOf(pushes), fp, locals, canary);
    }

    /** What differs from {@code vmlinux}'s frame, in words; empty when the springboard fits. */
    Optional<String> mismatch(ScheduleFrame vmlinux) {
        List<String> problems = new ArrayList<>();
        if (!framePointer) {
            problems.add("it does not set up %rbp as frame pointer (push %rbp; mov %rsp,%rbp)");
        }
        if (!pushes.equals(vmlinux.pushes)) {
            problems.add("its prologue pushes " + String.join(" ", pushes) + " where vmlinux's pushes "
                    + String.join(" ", vmlinux.pushes));
        }
        if (canary != vmlinux.canary) {
            problems.add("its stack-protector canary is at " + slot(canary) + " where vmlinux's is at "
                    + slot(vmlinux.canary));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    static String slot(long canary) {
        return canary < 0 ? "no %rbp slot (no canary)" : "-0x" + Long.toHexString(canary) + "(%rbp)";
    }

    String describe() {
        return "push " + String.join(", push ", pushes) + (framePointer ? " (frame pointer)" : "")
                + ", locals 0x" + Long.toHexString(locals) + ", canary " + slot(canary);
    }
}
