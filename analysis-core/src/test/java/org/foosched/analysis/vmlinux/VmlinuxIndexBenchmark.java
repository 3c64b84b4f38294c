package org.foosched.analysis.vmlinux;

import java.nio.file.Path;

import org.foosched.analysis.progress.Progress;

/**
 * Measures building the index: {@code java -Xmx... -cp <classes> ...VmlinuxIndexBenchmark
 * <vmlinux> [Module.symvers] [rounds]}. Prints each round's wall time and the heap in use
 * after a GC. Not a test; see docs/BENCHMARKS.md.
 */
public final class VmlinuxIndexBenchmark {

    private VmlinuxIndexBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path vmlinux = Path.of(args[0]);
        Path symvers = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            VmlinuxIndex ix = VmlinuxIndex.build(vmlinux, symvers, Progress.NONE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("round %d: %d ms, %d symbols, %d references, heap in use after GC %d MiB (max %d MiB)%n",
                    r, ms, ix.symbolCount(), ix.referenceCount(), (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.maxMemory() >> 20);
        }
    }
}
