package org.foosched.views.deploy;

import org.foosched.analysis.progress.Progress;

import java.util.function.Consumer;

/**
 * A {@link Progress} that lets a cancel through only while stopping is safe. A deploy may stop
 * while it uploads (the partial copy never takes the package's name); once the package manager
 * runs on the host it runs to the end whether or not we wait, so from then on cancel is off
 * and the deploy is followed to its outcome. The window opens at a step starting with
 * {@code opensAt} ({@code null}: open from the start) and closes for good at one starting with
 * {@code closesAt} ({@code null}: never).
 */
final class CancelWindow implements Progress {

    private final Progress delegate;
    private final String opensAt;
    private final String closesAt;
    private final Consumer<Boolean> cancellable;
    private volatile boolean open;
    private volatile boolean closed;

    CancelWindow(Progress delegate, String opensAt, String closesAt, Consumer<Boolean> cancellable) {
        this.delegate = delegate;
        this.opensAt = opensAt;
        this.closesAt = closesAt;
        this.cancellable = cancellable;
        this.open = opensAt == null;
        cancellable.accept(open);
    }

    /** Deploy: cancellable while uploading, not once installing. */
    static CancelWindow forDeploy(Progress delegate, Consumer<Boolean> cancellable) {
        return new CancelWindow(delegate, "uploading ", "installing ", cancellable);
    }

    /** Cancellable throughout (a VM start: stopping kills the half-started QEMU). */
    static CancelWindow always(Progress delegate, Consumer<Boolean> cancellable) {
        return new CancelWindow(delegate, null, null, cancellable);
    }

    /** Never cancellable (a rollback: the removal runs to its end on the host). */
    static CancelWindow never(Progress delegate, Consumer<Boolean> cancellable) {
        return new CancelWindow(delegate, "\0never", null, cancellable);
    }

    @Override
    public void step(String what, double fraction) {
        if (!closed && closesAt != null && what.startsWith(closesAt)) {
            closed = true;
            open = false;
            cancellable.accept(false);
        } else if (!closed && !open && opensAt != null && what.startsWith(opensAt)) {
            open = true;
            cancellable.accept(true);
        }
        delegate.step(what, fraction);
    }

    @Override
    public void log(String line) {
        delegate.log(line);
    }

    @Override
    public boolean isCancelled() {
        return open && delegate.isCancelled();
    }

    /** True when a cancel was asked for but came too late to stop anything. */
    boolean cancelCameTooLate() {
        return closed && delegate.isCancelled();
    }
}
