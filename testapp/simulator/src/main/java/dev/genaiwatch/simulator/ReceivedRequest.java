package dev.genaiwatch.simulator;

/**
 * A request as the simulated server received it, reduced to what tests check about the client side:
 * the method, the path (no query string) and the W3C {@code traceparent} header (null when absent).
 */
public record ReceivedRequest(String method, String path, String traceparent) {}
