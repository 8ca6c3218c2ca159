package dev.genaiwatch.core.model;

/**
 * A document a RAG step retrieved and handed to the model, per the GenAI retrieval-documents
 * schema: {@code id} and {@code content} (redacted and size-limited when recorded), and the
 * retriever's score if it gave one.
 */
public record RetrievedDocument(String id, String content, Double score) {}
