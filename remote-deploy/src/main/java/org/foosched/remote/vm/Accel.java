package org.foosched.remote.vm;

import java.util.Locale;

/** How QEMU runs the guest: TCG (emulation, the default here) or KVM; AUTO probes KVM first. */
public enum Accel {
    TCG, KVM, AUTO;

    public String qemuName() {
        if (this == AUTO) {
            throw new IllegalStateException("AUTO must be resolved by the KVM probe first");
        }
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code FOOSCHED_VM_ACCEL} (tcg, kvm, auto) or TCG. */
    public static Accel fromEnvironment() {
        String v = System.getenv("FOOSCHED_VM_ACCEL");
        if (v == null || v.isBlank()) {
            return TCG;
        }
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new VmException("FOOSCHED_VM_ACCEL=" + v + ": use tcg, kvm or auto");
        }
    }
}
