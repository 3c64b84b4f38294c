package org.foosched.views.editor;

import org.foosched.analysis.safety.COutline;
import org.foosched.analysis.safety.GuardedRegion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows the guarded regions of an editor's text through edits and tells when an edit
 * touches one. Regions are found from the markers ({@link GuardedRegion#find}); between two
 * full re-reads (the editor re-reads after a pause in typing) each edit shifts the regions
 * after it, so a check never works on stale offsets.
 */
public final class GuardedEditTracker {

    private List<GuardedRegion> regions = List.of();

    public void reset(String text) {
        regions = GuardedRegion.find(COutline.of(text));
    }

    public void reset(List<GuardedRegion> now) {
        regions = List.copyOf(now);
    }

    public List<GuardedRegion> regions() {
        return regions;
    }

    /**
     * An edit replaced {@code removed} characters at {@code position} with {@code inserted}
     * ones; returns the guarded region it touched, if any. Typing right before a region (at its
     * first character) or right after it does not touch it.
     */
    public Optional<GuardedRegion> edit(int position, int removed, int inserted) {
        GuardedRegion hit = null;
        int delta = inserted - removed;
        int end = position + removed;
        List<GuardedRegion> shifted = new ArrayList<>(regions.size());
        for (GuardedRegion r : regions) {
            boolean touches = removed > 0 ? position < r.end() && end > r.start()
                    : position > r.start() && position < r.end();
            if (touches && hit == null) {
                hit = r;
            }
            if (r.end() <= position && !touches) {
                shifted.add(r); // before the edit
            } else if (r.start() >= end && !touches) {
                shifted.add(new GuardedRegion(r.kind(), r.function(), r.start() + delta, r.end() + delta, r.line(),
                        r.endLine()));
            } else {
                int start = Math.min(r.start(), position);
                shifted.add(new GuardedRegion(r.kind(), r.function(), start, Math.max(start, r.end() + delta), r.line(),
                        r.endLine()));
            }
        }
        regions = shifted;
        return Optional.ofNullable(hit);
    }

    /** What the problems list says about an edit of a region. */
    public static String warning(GuardedRegion r) {
        return switch (r.kind()) {
            case SIGNATURE -> "you edited the signature of " + r.function() + " (" + r.kind().marker()
                    + "): vmlinux's callers jump here with the old arguments";
            case INIT -> "you edited init function " + r.function() + " (" + r.kind().marker()
                    + "): it ran at boot and vmlinux freed it, so the change never runs";
            case INLINE_EXTERNAL -> "you edited " + r.function() + " (" + r.kind().marker()
                    + "): vmlinux's copies inlined outside the boundary keep the old code";
        };
    }
}
