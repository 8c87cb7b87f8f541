package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Puts usage in the minute the gateway made the decision, not the minute the record reached Kafka:
 * a publisher that buffers during a broker outage would otherwise shift traffic into later windows.
 * Records that are not auth events (tombstones) keep their record time, or the partition's time
 * when they have none, so they never stall or reorder a partition.
 */
public final class AuthEventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof AuthEvent event) {
            return event.time().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
