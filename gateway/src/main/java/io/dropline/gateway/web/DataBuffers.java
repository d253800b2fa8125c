package io.dropline.gateway.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/** A body the gateway reads whole (an idempotent answer to record, a session bundle's token), as bytes. */
public final class DataBuffers {

    private DataBuffers() {
    }

    /** The buffer's readable bytes; the buffer is released. */
    public static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
