package org.foosched.analysis.vmlinux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code objdump -dr} output: for each PC32/PLT32 relocation printed under an
 * instruction, the address that objdump shows that instruction designates (branch target or
 * the {@code # addr <sym>} comment of a RIP-relative operand). Test oracle only.
 */
final class ObjdumpTargets {
    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\t(?:(?:[0-9a-f]{2} )+\\s*\\t)?(.*)$");
    private static final Pattern RELOC = Pattern.compile("^\\t+([0-9a-f]+): (R_X86_64_PC32|R_X86_64_PLT32)\\t.*$");
    private static final Pattern COMMENT = Pattern.compile("# ([0-9a-f]+) <");
    private static final Pattern BRANCH = Pattern.compile("^(?:call|jmp|j[a-z]+)\\s+([0-9a-f]+) <");

    private ObjdumpTargets() {
    }

    static Map<Long, Long> parse(String objdump) {
        try {
            return parse(new BufferedReader(new StringReader(objdump)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Long, Long> parse(BufferedReader in) throws IOException {
        Map<Long, Long> out = new HashMap<>();
        Long target = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) != '\t' || !line.startsWith("\t\t")) {
                Matcher i = INSN.matcher(line);
                if (i.matches()) {
                    String text = i.group(2).trim();
                    Matcher c = COMMENT.matcher(text);
                    Matcher b = BRANCH.matcher(text);
                    if (c.find()) {
                        target = Long.parseUnsignedLong(c.group(1), 16);
                    } else if (b.find()) {
                        target = Long.parseUnsignedLong(b.group(1), 16);
                    } else {
                        target = null;
                    }
                    continue;
                }
            }
            Matcher r = RELOC.matcher(line);
            if (r.matches() && target != null) {
                out.put(Long.parseUnsignedLong(r.group(1), 16), target);
            }
        }
        return out;
    }
}
