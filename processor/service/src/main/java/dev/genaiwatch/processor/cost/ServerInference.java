package dev.genaiwatch.processor.cost;

/**
 * One call as the model server saw it, from the join of the client span with the server's own span:
 * how long the server spent on inference for it and, when known, how many requests shared the GPU
 * meanwhile ({@code concurrentRequests} NaN when the join cannot tell).
 */
public record ServerInference(
    String serviceName,
    String requestModel,
    String operationName,
    String serverAddress,
    String serverPort,
    double inferenceSeconds,
    double concurrentRequests,
    long startEpochNanos,
    long endEpochNanos) {}
