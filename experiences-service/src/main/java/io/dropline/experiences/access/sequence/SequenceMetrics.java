package io.dropline.experiences.access.sequence;

/**
 * Participation in a sequence's queues: {@code entered} counts every entry, {@code waiting} the QUEUED ones,
 * {@code admitted} GRANTED + COMPLETED; {@code admitRate} is the per-minute rate of its queues admitting now.
 */
record SequenceMetrics(String sequenceId, long entered, long waiting, long admitted, long completed, long left, long denied,
        long admitRate) {
}
