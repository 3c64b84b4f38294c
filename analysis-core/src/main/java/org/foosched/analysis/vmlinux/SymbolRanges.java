package org.foosched.analysis.vmlinux;

import java.util.Arrays;

/**
 * Finds the symbol whose {@code [address, address + size)} contains an address, within one
 * section. Ranges may nest or coincide (aliases, asm labels inside functions): the innermost
 * range wins (largest start, then smallest size), then the preferred symbol (see
 * {@link Builder#add}). Zero-size symbols never contain anything but can be found with
 * {@link #startingAt}.
 *
 * <p>Lookup: binary search for the last range starting at or before the address, then walk
 * back while the running maximum of range ends still reaches past the address.
 */
final class SymbolRanges {
    private final long[] starts;
    private final long[] ends;
    private final long[] maxEnd;
    private final int[] ids;
    private final long[] labelStarts;
    private final int[] labelIds;

    private SymbolRanges(long[] starts, long[] ends, long[] maxEnd, int[] ids, long[] labelStarts, int[] labelIds) {
        this.starts = starts;
        this.ends = ends;
        this.maxEnd = maxEnd;
        this.ids = ids;
        this.labelStarts = labelStarts;
        this.labelIds = labelIds;
    }

    /**
     * The innermost sized symbol containing {@code address}, or -1. Addresses are compared as
     * signed longs after biasing, see {@link Builder}.
     */
    int containing(long address) {
        long a = address ^ Long.MIN_VALUE;
        int j = upperBound(starts, a) - 1;
        for (; j >= 0 && maxEnd[j] > a; j--) {
            if (ends[j] > a) {
                return ids[j];
            }
        }
        return -1;
    }

    /** A zero-size symbol (label) at exactly {@code address}, or -1. */
    int startingAt(long address) {
        long a = address ^ Long.MIN_VALUE;
        int k = Arrays.binarySearch(labelStarts, a);
        if (k < 0) {
            return -1;
        }
        while (k > 0 && labelStarts[k - 1] == a) {
            k--;
        }
        return labelIds[k];
    }

    private static int upperBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Collects the symbols of one section. Kernel addresses are above 2^63, so addresses are
     * flipped in the sign bit to compare them as signed longs.
     */
    static final class Builder {
        private long[] start = new long[16];
        private long[] size = new long[16];
        private int[] rank = new int[16];
        private int[] id = new int[16];
        private int n;

        /**
         * Adds a symbol. {@code rank} orders symbols with identical ranges: lower wins (e.g.
         * FUNC/OBJECT before NOTYPE, GLOBAL before LOCAL).
         */
        void add(int symbolId, long address, long symbolSize, int rankOfSymbol) {
            if (n == start.length) {
                int c = n * 2;
                start = Arrays.copyOf(start, c);
                size = Arrays.copyOf(size, c);
                rank = Arrays.copyOf(rank, c);
                id = Arrays.copyOf(id, c);
            }
            start[n] = address ^ Long.MIN_VALUE;
            size[n] = symbolSize;
            rank[n] = rankOfSymbol;
            id[n] = symbolId;
            n++;
        }

        SymbolRanges build() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            // Walking back from the end, the first hit must be the best: so sort by start
            // ascending, and for equal starts put larger sizes and worse ranks first.
            Arrays.sort(order, (x, y) -> {
                int c = Long.compare(start[x], start[y]);
                if (c != 0) {
                    return c;
                }
                boolean zx = size[x] == 0;
                boolean zy = size[y] == 0;
                if (zx != zy) {
                    return zx ? -1 : 1;
                }
                c = Long.compareUnsigned(size[y], size[x]);
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(rank[y], rank[x]);
                return c != 0 ? c : Integer.compare(id[y], id[x]);
            });
            int sized = 0;
            int labels = 0;
            for (int i = 0; i < n; i++) {
                if (size[i] == 0) {
                    labels++;
                } else {
                    sized++;
                }
            }
            long[] s = new long[sized];
            long[] e = new long[sized];
            long[] m = new long[sized];
            int[] ids = new int[sized];
            long[] ls = new long[labels];
            int[] lid = new int[labels];
            int k = 0;
            int l = 0;
            long running = Long.MIN_VALUE;
            Integer[] labelOrder = new Integer[labels];
            for (int i = 0; i < n; i++) {
                if (size[i] == 0) {
                    labelOrder[l++] = i;
                }
            }
            Arrays.sort(labelOrder, (x, y) -> {
                int c = Long.compare(start[x], start[y]);
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(rank[x], rank[y]);
                return c != 0 ? c : Integer.compare(id[x], id[y]);
            });
            for (int i = 0; i < labels; i++) {
                ls[i] = start[labelOrder[i]];
                lid[i] = id[labelOrder[i]];
            }
            for (int i = 0; i < n; i++) {
                int x = order[i];
                if (size[x] != 0) {
                    s[k] = start[x];
                    e[k] = start[x] + size[x];
                    running = Math.max(running, e[k]);
                    m[k] = running;
                    ids[k] = id[x];
                    k++;
                }
            }
            return new SymbolRanges(s, e, m, ids, ls, lid);
        }
    }
}
