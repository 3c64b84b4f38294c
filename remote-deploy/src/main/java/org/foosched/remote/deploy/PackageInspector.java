package org.foosched.remote.deploy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads a package file's metadata without installing it, telling DEB from RPM by content.
 * <ul>
 * <li>DEB: the {@code control} file of {@code control.tar[.gz]} (read here; {@code .xz}/{@code .zst}
 * control archives are read with {@code dpkg-deb --field}). Target release from
 * {@code X-Foosched-Release}, else from a {@code linux-image-<release>} dependency; module from
 * {@code X-Foosched-Module}.</li>
 * <li>RPM: the header. Target release from the capability {@code foosched-release(<release>)},
 * else from {@code Requires: kernel-uname-r = <release>}; module from
 * {@code foosched-module(<module>)}.</li>
 * </ul>
 */
public final class PackageInspector {

    private static final Pattern PROVIDED_RELEASE = Pattern.compile("foosched-release\\((.+)\\)");
    private static final Pattern PROVIDED_MODULE = Pattern.compile("foosched-module\\((.+)\\)");
    private static final Pattern LINUX_IMAGE_DEP = Pattern.compile("(?:^|[,|]\\s*)linux-image-(\\d[^\\s,|(]*)");

    private PackageInspector() {
    }

    public static PackageInfo inspect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(file, "does not exist or is not a file");
        }
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 8);
            if (n == 8 && new String(head, StandardCharsets.US_ASCII).equals("!<arch>\n")) {
                return inspectDeb(file);
            }
            if (n >= 4 && (head[0] & 0xff) == 0xed && (head[1] & 0xff) == 0xab && (head[2] & 0xff) == 0xee
                    && (head[3] & 0xff) == 0xdb) {
                return inspectRpm(file);
            }
        } catch (IOException e) {
            throw bad(file, "cannot be read: " + e.getMessage());
        }
        throw bad(file, "is neither a DEB nor an RPM package");
    }

    // ---- DEB ----

    private static PackageInfo inspectDeb(Path file) throws IOException {
        Map<String, String> control = DebControl.parse(debControl(file));
        String name = require(file, control, "Package");
        String version = require(file, control, "Version");
        String arch = DebControl.get(control, "Architecture");
        String release = DebControl.get(control, "X-Foosched-Release");
        if (release == null) {
            release = releaseFromDepends(DebControl.get(control, "Depends"));
        }
        if (release == null) {
            throw bad(file, "does not say which kernel release it is built for (no X-Foosched-Release field "
                    + "and no linux-image-<release> dependency); build it with foosched");
        }
        String module = DebControl.get(control, "X-Foosched-Module");
        if (module == null) {
            throw bad(file, "does not name its kernel module (no X-Foosched-Module field); build it with foosched");
        }
        return new PackageInfo(file, PackageFormat.DEB, name, version, arch, release, checkModule(file, module));
    }

    static String releaseFromDepends(String depends) {
        if (depends == null) {
            return null;
        }
        Matcher m = LINUX_IMAGE_DEP.matcher(depends);
        return m.find() ? m.group(1) : null;
    }

    private static String debControl(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            in.readFully(new byte[8]);
            byte[] header = new byte[60];
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    throw bad(file, "has no control archive");
                }
                String name = new String(header, 0, 16, StandardCharsets.US_ASCII).strip();
                if (name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                long size = Long.parseLong(new String(header, 48, 10, StandardCharsets.US_ASCII).strip());
                if (name.startsWith("control.tar")) {
                    if (size > 64L << 20) {
                        throw bad(file, "has an implausibly large control archive");
                    }
                    byte[] member = new byte[(int) size];
                    in.readFully(member);
                    return switch (name) {
                        case "control.tar" -> controlFromTar(file, new ByteArrayInputStream(member));
                        case "control.tar.gz" -> controlFromTar(file, new GZIPInputStream(new ByteArrayInputStream(member)));
                        default -> controlWithDpkgDeb(file, name);
                    };
                }
                in.skipNBytes(size + (size & 1));
            }
        }
    }

    private static String controlFromTar(Path file, InputStream tar) throws IOException {
        byte[] header = new byte[512];
        DataInputStream in = new DataInputStream(tar);
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                break;
            }
            if (header[0] == 0) {
                break;
            }
            String name = cString(header, 0, 100);
            long size = Long.parseLong(cString(header, 124, 12).strip().isEmpty() ? "0" : cString(header, 124, 12).strip(), 8);
            if (name.equals("./control") || name.equals("control")) {
                byte[] data = new byte[(int) size];
                in.readFully(data);
                return new String(data, StandardCharsets.UTF_8);
            }
            in.skipNBytes((size + 511) / 512 * 512);
        }
        throw bad(file, "has no control file in its control archive");
    }

    private static String controlWithDpkgDeb(Path file, String member) throws IOException {
        try {
            Process p = new ProcessBuilder("dpkg-deb", "--field", file.toString()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw bad(file, "cannot be read by dpkg-deb: " + new String(out, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw bad(file, "keeps its control data in " + member + ", which needs dpkg-deb to read; install dpkg");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static String require(Path file, Map<String, String> control, String field) {
        String v = DebControl.get(control, field);
        if (v == null || v.isBlank()) {
            throw bad(file, "has no " + field + " field");
        }
        return v;
    }

    // ---- RPM ----

    static final int TAG_NAME = 1000;
    static final int TAG_VERSION = 1001;
    static final int TAG_RELEASE = 1002;
    static final int TAG_ARCH = 1022;
    static final int TAG_PROVIDENAME = 1047;
    static final int TAG_REQUIRENAME = 1049;
    static final int TAG_REQUIREVERSION = 1050;

    private static PackageInfo inspectRpm(Path file) throws IOException {
        RpmHeader header;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            in.skipNBytes(96); // the lead
            RpmHeader signature = RpmHeader.read(in, file);
            long sigLen = 16 + 16L * signature.entries() + signature.storeSize();
            in.skipNBytes((8 - sigLen % 8) % 8); // the signature header is padded to 8 bytes
            header = RpmHeader.read(in, file);
        } catch (EOFException e) {
            throw bad(file, "is a truncated RPM");
        }
        String name = header.string(TAG_NAME);
        String version = header.string(TAG_VERSION);
        String rel = header.string(TAG_RELEASE);
        if (name == null || version == null) {
            throw bad(file, "has no name or version in its RPM header");
        }
        List<String> provides = header.strings(TAG_PROVIDENAME);
        String target = null;
        String module = null;
        for (String p : provides) {
            Matcher r = PROVIDED_RELEASE.matcher(p);
            if (r.matches()) {
                target = r.group(1);
            }
            Matcher m = PROVIDED_MODULE.matcher(p);
            if (m.matches()) {
                module = m.group(1);
            }
        }
        if (target == null) {
            List<String> req = header.strings(TAG_REQUIRENAME);
            List<String> reqVersions = header.strings(TAG_REQUIREVERSION);
            for (int i = 0; i < req.size() && i < reqVersions.size(); i++) {
                if (req.get(i).equals("kernel-uname-r") && !reqVersions.get(i).isEmpty()) {
                    target = reqVersions.get(i);
                }
            }
        }
        if (target == null) {
            throw bad(file, "does not say which kernel release it is built for (no foosched-release(<release>) "
                    + "capability and no kernel-uname-r requirement); build it with foosched");
        }
        if (module == null) {
            throw bad(file, "does not name its kernel module (no foosched-module(<module>) capability); "
                    + "build it with foosched");
        }
        return new PackageInfo(file, PackageFormat.RPM, name, rel == null ? version : version + "-" + rel,
                header.string(TAG_ARCH), target, checkModule(file, module));
    }

    /** One RPM header structure: index entries and their data store. */
    private record RpmHeader(int entries, int storeSize, int[] tags, int[] types, int[] offsets, int[] counts,
                             byte[] store) {

        static RpmHeader read(DataInputStream in, Path file) throws IOException {
            byte[] magic = new byte[8];
            in.readFully(magic);
            if ((magic[0] & 0xff) != 0x8e || (magic[1] & 0xff) != 0xad || (magic[2] & 0xff) != 0xe8) {
                throw bad(file, "has a damaged RPM header");
            }
            int n = in.readInt();
            int size = in.readInt();
            if (n < 0 || n > 100_000 || size < 0 || size > 64 << 20) {
                throw bad(file, "has an implausible RPM header");
            }
            int[] tags = new int[n];
            int[] types = new int[n];
            int[] offsets = new int[n];
            int[] counts = new int[n];
            for (int i = 0; i < n; i++) {
                tags[i] = in.readInt();
                types[i] = in.readInt();
                offsets[i] = in.readInt();
                counts[i] = in.readInt();
            }
            byte[] store = new byte[size];
            in.readFully(store);
            return new RpmHeader(n, size, tags, types, offsets, counts, store);
        }

        String string(int tag) {
            List<String> s = strings(tag);
            return s.isEmpty() ? null : s.get(0);
        }

        /** STRING (6), STRING_ARRAY (8) or I18NSTRING (9) values of a tag. */
        List<String> strings(int tag) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                if (tags[i] != tag || (types[i] != 6 && types[i] != 8 && types[i] != 9)) {
                    continue;
                }
                int pos = offsets[i];
                int count = types[i] == 6 ? 1 : counts[i];
                for (int c = 0; c < count && pos < store.length; c++) {
                    int end = pos;
                    while (end < store.length && store[end] != 0) {
                        end++;
                    }
                    out.add(new String(store, pos, end - pos, StandardCharsets.UTF_8));
                    pos = end + 1;
                }
                break;
            }
            return out;
        }
    }

    private static String checkModule(Path file, String module) {
        if (!module.matches("[A-Za-z0-9_-]{1,55}")) {
            throw bad(file, "names '" + module + "' as its module, which is not a kernel module name");
        }
        return module;
    }

    private static DeployException bad(Path file, String what) {
        return new DeployException(DeployException.Reason.BAD_PACKAGE, "package " + file + " " + what);
    }
}
