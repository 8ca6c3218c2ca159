package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallStream;

/**
 * One streamed chat, completion or Responses call, read chunk by chunk as the application reads it;
 * the extractor records each chunk, the text-only output message is the core's streamed output.
 */
final class ChunkStream extends CallStream {
  ChunkStream(ActiveLlmCall call) {
    super(call, OpenAiJavaInstrumentationModule.NAME, OpenAiJavaExtractor::errorType);
  }

  @Override
  protected void record(Object chunk) {
    OpenAiJavaExtractor.chunk(chunk, call);
  }
}
