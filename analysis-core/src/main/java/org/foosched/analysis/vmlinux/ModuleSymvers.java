package org.foosched.analysis.vmlinux;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a kbuild {@code Module.symvers}: one export per line,
 * {@code CRC<TAB>symbol<TAB>module<TAB>EXPORT_SYMBOL[_GPL]<TAB>namespace}.
 */
public final class ModuleSymvers {

    private ModuleSymvers() {
    }

    /**
     * All exports listed in the file.
     *
     * @throws IOException when it cannot be read or a line is malformed (the message names the line)
     */
    public static List<Export> read(Path file) throws IOException {
        List<Export> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    throw new IOException(file + " line " + no + ": expected CRC, symbol, module, export type"
                            + " (and namespace) separated by tabs, got: " + line
                            + "; use the Module.symvers of the release's linux-headers package");
                }
                Long crc;
                try {
                    crc = Long.decode(f[0]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + no + ": CRC '" + f[0] + "' is not a number", e);
                }
                String kind = f[3];
                if (!kind.startsWith("EXPORT_SYMBOL")) {
                    throw new IOException(file + " line " + no + ": unknown export type '" + kind + "'");
                }
                String ns = f.length > 4 ? f[4] : "";
                out.add(new Export(f[1], kind.endsWith("_GPL"), f[2], ns, crc, false));
            }
        }
        return out;
    }
}
