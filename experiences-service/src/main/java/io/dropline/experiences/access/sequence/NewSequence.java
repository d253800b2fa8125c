package io.dropline.experiences.access.sequence;

/** A validated sequence of a nested create ({@code POST /experiences} with {@code sequence}), with its queues. */
public final class NewSequence {

    final SequenceChanges changes;

    NewSequence(SequenceChanges changes) {
        this.changes = changes;
    }
}
