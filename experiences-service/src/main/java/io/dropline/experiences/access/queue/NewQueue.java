package io.dropline.experiences.access.queue;

/** A validated queue of a nested create ({@code POST /experiences} with {@code sequence.queues}), ready to insert. */
public final class NewQueue {

    final QueueValues values;

    NewQueue(QueueValues values) {
        this.values = values;
    }
}
