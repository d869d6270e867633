package io.asm.common.events;

/** Posts one CloudEvent to one subscriber; returns normally only when the subscriber accepted it (2xx). */
@FunctionalInterface
public interface EventSender {
    void send(String url, CloudEvent event) throws Exception;
}
