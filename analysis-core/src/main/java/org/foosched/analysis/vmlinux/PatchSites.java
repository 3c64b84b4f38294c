package org.foosched.analysis.vmlinux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The code sites the kernel itself rewrites at run time: jump labels (static keys) and static
 * calls. A redirect must not overlap one (the kernel would later write into our jump, and its
 * own {@code jump_label_text_reserved()} / {@code static_call_text_reserved()} make the
 * runtime refuse the load).
 *
 * <p>In a linked vmlinux the tables are not sections of their own: the linker script puts
 * {@code __jump_table} (16-byte {@code struct jump_entry}: {@code s32 code} relative to the
 * entry) and {@code .static_call_sites} (8-byte {@code struct static_call_site}: {@code s32
 * addr} relative) inside {@code .rodata}, between {@code __start___jump_table} /
 * {@code __stop___jump_table} and {@code __start_static_call_sites} /
 * {@code __stop_static_call_sites}. Those bounds are read here.
 */
public final class PatchSites {

    /** What rewrites the site. */
    public enum Kind {
        JUMP_LABEL("jump label"), STATIC_CALL("static call");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One site: its address, kind and length in bytes (2 or 5 for jump labels, 5 for calls). */
    public record Site(long address, Kind kind, int length) {
        public boolean overlaps(long lo, long hi) {
            return address < hi && address + length > lo;
        }
    }

    private static final int JUMP_ENTRY = 16;
    private static final int STATIC_CALL_SITE = 8;

    private final VmlinuxIndex index;
    private final long[] addresses;
    private final Kind[] kinds;

    private PatchSites(VmlinuxIndex index, long[] addresses, Kind[] kinds) {
        this.index = index;
        this.addresses = addresses;
        this.kinds = kinds;
    }

    /** No sites at all (an image without jump labels or static calls). */
    public static PatchSites none(VmlinuxIndex index) {
        return new PatchSites(index, new long[0], new Kind[0]);
    }

    /** Reads both tables of a linked vmlinux; an image without the bounds has no such sites. */
    public static PatchSites of(VmlinuxIndex index) {
        try {
            long[] jl = relativeTable(index, "__start___jump_table", "__stop___jump_table", JUMP_ENTRY);
            long[] sc = relativeTable(index, "__start_static_call_sites", "__stop_static_call_sites",
                    STATIC_CALL_SITE);
            int n = jl.length + sc.length;
            long[][] pairs = new long[n][];
            for (int i = 0; i < jl.length; i++) {
                pairs[i] = new long[] {jl[i], Kind.JUMP_LABEL.ordinal()};
            }
            for (int i = 0; i < sc.length; i++) {
                pairs[jl.length + i] = new long[] {sc[i], Kind.STATIC_CALL.ordinal()};
            }
            Arrays.sort(pairs, (a, b) -> Long.compareUnsigned(a[0], b[0]));
            long[] addrs = new long[n];
            Kind[] kinds = new Kind[n];
            for (int i = 0; i < n; i++) {
                addrs[i] = pairs[i][0];
                kinds[i] = Kind.values()[(int) pairs[i][1]];
            }
            return new PatchSites(index, addrs, kinds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the jump-label and static-call tables of "
                    + index.path() + ": " + e.getMessage(), e);
        }
    }

    /** Entries of {@code s32 offset} relative to the entry itself, one per {@code stride} bytes. */
    private static long[] relativeTable(VmlinuxIndex index, String start, String stop, int stride)
            throws IOException {
        Optional<VmlinuxSymbol> a = only(index.symbolsNamed(start));
        Optional<VmlinuxSymbol> b = only(index.symbolsNamed(stop));
        if (a.isEmpty() || b.isEmpty() || b.get().address() <= a.get().address()) {
            return new long[0];
        }
        long len = b.get().address() - a.get().address();
        if (len % stride != 0 || len > Integer.MAX_VALUE) {
            throw new IOException(start + ".." + stop + " is " + len + " bytes, not a table of " + stride
                    + "-byte entries");
        }
        ByteBuffer buf = ByteBuffer.wrap(index.bytes(a.get(), 0, (int) len)).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(int) (len / stride)];
        for (int i = 0; i < out.length; i++) {
            long entry = a.get().address() + (long) i * stride;
            out[i] = entry + buf.getInt(i * stride);
        }
        return out;
    }

    private static Optional<VmlinuxSymbol> only(List<VmlinuxSymbol> l) {
        return l.size() == 1 ? Optional.of(l.get(0)) : Optional.empty();
    }

    public int count() {
        return addresses.length;
    }

    /** The first site overlapping {@code [lo, hi)}, if any. */
    public Optional<Site> overlapping(long lo, long hi) {
        // sites are at most 5 bytes long: start the search 5 bytes before lo
        int i = lowerBound(lo - 5);
        for (; i < addresses.length && Long.compareUnsigned(addresses[i], hi) < 0; i++) {
            Site s = new Site(addresses[i], kinds[i], length(addresses[i], kinds[i]));
            if (s.overlaps(lo, hi)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The site that keeps a redirect out of {@code function}: one overlapping the 5 bytes the jump
     * replaces, at {@code entry + patchOffset}.
     */
    public Optional<Site> blocking(VmlinuxSymbol function, int patchOffset) {
        long lo = function.address() + patchOffset;
        return overlapping(lo, lo + 5);
    }

    private int lowerBound(long key) {
        int lo = 0;
        int hi = addresses.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * A jump label is a 2-byte ({@code 66 90} NOP, {@code eb} short jump) or 5-byte site, read
     * from the file; a static call site is a 5-byte call or jump.
     */
    private int length(long address, Kind kind) {
        if (kind == Kind.STATIC_CALL) {
            return 5;
        }
        Optional<VmlinuxSymbol> fn = index.symbolContaining(address);
        if (fn.isEmpty()) {
            return 5;
        }
        try {
            int b = index.bytes(fn.get(), address - fn.get().address(), 1)[0] & 0xff;
            return b == 0x66 || b == 0xeb ? 2 : 5;
        } catch (IOException | IllegalArgumentException e) {
            return 5;
        }
    }
}
