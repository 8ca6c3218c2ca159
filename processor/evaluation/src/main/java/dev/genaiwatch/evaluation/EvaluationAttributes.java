package dev.genaiwatch.evaluation;

/** Attribute names the evaluator reads from GenAI spans and writes to them or to its own spans. */
final class EvaluationAttributes {
  private EvaluationAttributes() {}

  // Read from the evaluated span (GenAI semantic conventions).
  static final String OPERATION_NAME = "gen_ai.operation.name";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String RESPONSE_ID = "gen_ai.response.id";
  static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
  static final String OUTPUT_TYPE = "gen_ai.output.type";
  static final String INPUT_MESSAGES = "gen_ai.input.messages";
  static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
  static final String SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";
  static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";

  /**
   * Retrieved documents of a RAG call, on the chat span: a JSON array of {@code
   * {"id":..,"content":..}} (the conventions' "retrieval documents" schema, plus the content). Type
   * "any" in semconv 1.45, so the Java incubating artifact has no constant for it.
   */
  static final String RETRIEVAL_DOCUMENTS = "gen_ai.retrieval.documents";

  static final String SERVER_ADDRESS = "server.address";
  static final String SERVER_PORT = "server.port";
  static final String SERVICE_NAME = "service.name";
  static final String CONTENT_TRUNCATED = "genai_watch.content.truncated";

  // Labels the judge's own calls for dashboards. Not trusted as a loop guard: any sender could set
  // it.
  static final String EVALUATION_JUDGE = "genai_watch.evaluation.judge";

  // Heuristics, written onto the evaluated span.
  static final String EMPTY_OUTPUT = "genai_watch.eval.empty_output";
  static final String TRUNCATED = "genai_watch.eval.truncated";
  static final String REFUSAL = "genai_watch.eval.refusal";
  static final String INVALID_JSON = "genai_watch.eval.invalid_json";

  // RAG context use, on the follow-up "evaluate rag_context_use" span (child of the RAG call).
  static final String RAG_CONTEXT_UNUSED = "genai_watch.eval.rag_context_unused";
  static final String RAG_CONTEXT_USE = "genai_watch.rag.context_use";
  static final String RAG_CONTRADICTION = "genai_watch.rag.contradiction";
  static final String RAG_NON_ANSWER = "genai_watch.rag.non_answer";
  static final String RAG_SENTENCES = "genai_watch.rag.sentences";
  static final String RAG_SUPPORTED_SENTENCES = "genai_watch.rag.supported_sentences";
  static final String RAG_DOCUMENTS_READ = "genai_watch.rag.documents_read";
  static final String RAG_INPUT_CAPPED = "genai_watch.rag.input_capped";
  static final String RAG_EMBEDDER_USED = "genai_watch.rag.embedder_used";

  // Evaluation result (gen_ai.evaluation.result event) and the evaluate span.
  static final String EVALUATION_RESULT_EVENT = "gen_ai.evaluation.result";
  static final String EVALUATION_NAME = "gen_ai.evaluation.name";
  static final String EVALUATION_SCORE_VALUE = "gen_ai.evaluation.score.value";
  static final String EVALUATION_SCORE_LABEL = "gen_ai.evaluation.score.label";
  static final String EVALUATION_EXPLANATION = "gen_ai.evaluation.explanation";
  static final String EVALUATION_CACHED = "genai_watch.evaluation.cached";
  static final String EVALUATION_ATTEMPTS = "genai_watch.evaluation.attempts";
  static final String ERROR_TYPE = "error.type";
  static final String PROVIDER_NAME = "gen_ai.provider.name";
}
