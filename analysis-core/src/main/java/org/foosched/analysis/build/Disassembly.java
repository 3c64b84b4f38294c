package org.foosched.analysis.build;

import org.foosched.analysis.proc.Exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function's instructions as {@code objdump -d -r --no-show-raw-insn} prints them (AT&amp;T
 * syntax), with the relocations of a relocatable object attached to the instruction they patch.
 * Enough for recognising a handful of instruction shapes (prologue, calls, epilogue); it is not
 * a decoder.
 */
record Disassembly(List<Insn> insns) {

    /**
     * @param offset   from the function's start
     * @param address  as objdump printed it (link address, or section offset in a .o)
     * @param mnemonic {@code push}, {@code mov}, {@code call}…
     * @param operands the rest, without objdump's {@code <symbol+off>} and {@code #} comments
     * @param target   objdump's {@code <symbol+off>} annotation of a branch, or "" (e.g.
     *                 {@code __switch_to_asm}, {@code finish_task_switch.isra.0})
     * @param reloc    the symbol of a relocation inside the instruction, with its addend as
     *                 printed ({@code __switch_to_asm-0x4}), or ""
     */
    record Insn(long offset, long address, String mnemonic, String operands, String target, String reloc) {

        /** The branch target's symbol, from the relocation (a .o) or objdump's annotation. */
        String calleeSymbol() {
            // a relocation against a section symbol (".text+0x..") names no function
            String s = !reloc.isEmpty() && !reloc.startsWith(".") ? reloc : target;
            int cut = s.length();
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if ((c == '+' || c == '-') && i + 1 < s.length() && s.charAt(i + 1) == '0') {
                    cut = i;
                    break;
                }
            }
            return s.substring(0, cut);
        }

        boolean isCall() {
            return mnemonic.equals("call");
        }

        String text() {
            return mnemonic + (operands.isEmpty() ? "" : " " + operands);
        }
    }

    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\s+(\\S+)\\s*(.*?)\\s*$");
    private static final Pattern RELOC = Pattern.compile("^\\s*([0-9a-f]+):\\s+(R_X86_64_\\w+)\\s+(\\S+)\\s*$");
    private static final Pattern ANNOTATION = Pattern.compile("^(.*?)\\s*<([^>]+)>\\s*$");

    /**
     * {@code objdump} of {@code [start, stop)} of {@code file} ({@code section} only, when given);
     * relocations are read for relocatable objects (a linked vmlinux's --emit-relocs ones name
     * sections, and objdump's own annotations are better there).
     */
    static Disassembly of(Path file, String section, long start, long stop) {
        List<String> cmd = new ArrayList<>(List.of("objdump", "-d", "--no-show-raw-insn", "-M", "att"));
        if (section != null) {
            cmd.add("-r");
        }
        if (section != null) {
            cmd.addAll(List.of("-j", section));
        }
        cmd.addAll(List.of("--start-address=0x" + Long.toHexString(start), "--stop-address=0x"
                + Long.toHexString(stop), file.toString()));
        List<String> lines = new ArrayList<>();
        Exec.of(cmd).onLine(lines::add).keepTail(20).run();
        return parse(lines, start);
    }

    static Disassembly parse(List<String> lines, long start) {
        List<Insn> out = new ArrayList<>();
        for (String line : lines) {
            Matcher r = RELOC.matcher(line);
            if (r.matches()) {
                if (!out.isEmpty()) {
                    Insn last = out.remove(out.size() - 1);
                    out.add(new Insn(last.offset(), last.address(), last.mnemonic(), last.operands(), last.target(),
                            r.group(3)));
                }
                continue;
            }
            Matcher m = INSN.matcher(line);
            if (!m.matches() || line.endsWith(">:")) {
                continue;
            }
            long address = Long.parseUnsignedLong(m.group(1), 16);
            String rest = m.group(3);
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                rest = rest.substring(0, hash).trim();
            }
            String target = "";
            Matcher a = ANNOTATION.matcher(rest);
            if (a.matches()) {
                target = a.group(2);
                rest = a.group(1).trim();
            }
            out.add(new Insn(address - start, address, m.group(2), rest, target, ""));
        }
        return new Disassembly(List.copyOf(out));
    }

    /** Index of the instruction at {@code offset}, or -1. */
    int indexAt(long offset) {
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i).offset() == offset) {
                return i;
            }
        }
        return -1;
    }

    /** The calls whose callee symbol is {@code symbol}. */
    List<Integer> callsTo(String symbol) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (in.isCall() && in.calleeSymbol().equals(symbol)) {
                out.add(i);
            }
        }
        return out;
    }

    Optional<Insn> at(int i) {
        return i >= 0 && i < insns.size() ? Optional.of(insns.get(i)) : Optional.empty();
    }
}
