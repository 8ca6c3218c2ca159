package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.TextGenerator.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated model answers from its knowledge base, or from the documents it was given. */
class KnowledgeAnswerTest {
  private static final SimConfig CONFIG = SimConfig.zeroLatency();
  private static final String LANGCHAIN4J_RAG =
      "%s\n\nAnswer using the following information:\n%s\n\n%s";
  private static final String SPRING_AI_RAG =
      "%s\n\nContext information is below, surrounded by ---------------------\n\n"
          + "---------------------\n%s\n%s\n---------------------\n\n"
          + "Given the context and provided history information and not prior knowledge,\n"
          + "reply to the user comment.";
  private static final String REFUND_DOC = "Refunds reach your card within five business days.";
  private static final String LIGHTHOUSE_DOC = "The Cape Wrath lighthouse was automated in 1998.";

  private static Generation answer(String userText, Integer maxTokens) {
    return TextGenerator.generate(CONFIG, "m", userText, userText, 0, null, maxTokens, List.of());
  }

  /** The answer to {@code question} with the two documents in a RAG framework's template. */
  private static String answerWithDocuments(String template, String question) {
    return answer(String.format(template, question, REFUND_DOC, LIGHTHOUSE_DOC), null).text();
  }

  private static int judged(String rubric, String question, String context, String answer) {
    return JudgeResponder.verdict(rubric, question, context, answer).path("score").asInt();
  }

  @Test
  void aSupportQuestionIsAnsweredFromItsTopicAndTheJudgeFindsItRelevant() {
    String question = "How do I reset my password?";

    String text = answer(question, null).text();

    assertThat(text).containsIgnoringCase("password").containsIgnoringCase("reset");
    assertThat(judged("relevance", question, "", text)).isEqualTo(5);
  }

  @Test
  void theSameRequestGetsTheSameAnswerAndAnotherQuestionAnother() {
    assertThat(answer("How long does a refund take?", null))
        .isEqualTo(answer("How long does a refund take?", null));
    assertThat(answer("How long does a refund take?", null).text())
        .isNotEqualTo(answer("What payment methods do you accept?", null).text());
  }

  @Test
  void aPlainAnswerEndsAtASentenceEndWithinRoomAndStopsOnItsOwn() {
    Generation g = answer("Why was my card charged twice?", 200);

    assertThat(g.finishReason()).isEqualTo("stop");
    assertThat(g.text()).endsWith(".");
    // At least the configured minimum; past the maximum by less than one sentence.
    assertThat(g.tokens()).isBetween(CONFIG.minOutputTokens(), CONFIG.maxOutputTokens() + 40);
    assertThat(Tokenizer.count(g.text())).isEqualTo(g.tokens());
  }

  @Test
  void aRequestForDetailRunsPastATightTokenLimit() {
    Generation g =
        answer(
            "Explain step by step how to migrate a production PostgreSQL cluster with zero"
                + " downtime, including rollback.",
            96);

    assertThat(g.finishReason()).isEqualTo("length");
    assertThat(g.tokens()).isEqualTo(96);
    assertThat(g.text()).contains("replication");
  }

  @Test
  void aChineseQuestionGetsAChineseAnswerFromItsTopic() {
    String text = answer("请详细解释一下你们的数据隐私政策，以及我的个人数据会在哪些国家存储和处理？", null).text();

    assertThat(KnowledgeBase.hasCjk(text)).isTrue();
    assertThat(text).contains("个人数据").doesNotContainPattern("[A-Za-z]{4,} [A-Za-z]{4,}");
  }

  @Test
  void aQuestionNoTopicKnowsIsAnsweredFromTheGeneralTopic() {
    String text = answer("Tell me about rivers.", null).text();

    assertThat(text).containsIgnoringCase("river");
  }

  @Test
  void documentsThatCoverTheQuestionAreQuotedLangChain4jStyle() {
    String question = "How long does a refund take?";
    String text = answerWithDocuments(LANGCHAIN4J_RAG, question);

    assertThat(text).startsWith(KnowledgeAnswer.GROUNDED_OPENER + REFUND_DOC);
    // Only the opener's words are not the documents'.
    assertThat(judged("groundedness", question, REFUND_DOC + "\n" + LIGHTHOUSE_DOC, text))
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void documentsThatCoverTheQuestionAreQuotedSpringAiStyle() {
    String question = "When was the Cape Wrath lighthouse automated?";
    String text = answerWithDocuments(SPRING_AI_RAG, question);

    assertThat(text).startsWith(KnowledgeAnswer.GROUNDED_OPENER + LIGHTHOUSE_DOC);
  }

  @Test
  void documentsThatDoNotCoverTheQuestionAreIgnored() {
    String question = "How do I reset my password?";
    String text = answerWithDocuments(LANGCHAIN4J_RAG, question);

    assertThat(text)
        .doesNotContain(KnowledgeAnswer.GROUNDED_OPENER)
        .containsIgnoringCase("password");
    assertThat(judged("groundedness", question, REFUND_DOC + "\n" + LIGHTHOUSE_DOC, text))
        .isLessThanOrEqualTo(1);
  }

  @Test
  void theTokensMarkerGetsExactlyThatManyTokensOfKnowledge() {
    Generation g = answer("[[tokens=300]] How do I cancel my subscription?", null);

    assertThat(g.tokens()).isEqualTo(300);
    assertThat(g.text()).containsIgnoringCase("cancel");
  }

  @Test
  void retrievedContextOfAPlainMessageIsAllQuestion() {
    assertThat(RetrievedContext.of("Where is my invoice?"))
        .isEqualTo(new RetrievedContext("Where is my invoice?", List.of()));
  }

  @Test
  void theJudgeMeasuresRelevanceToTheUsersQuestionNotToTheDocumentsAddedToIt() {
    String question = "How long does a refund take?";
    String asked = String.format(LANGCHAIN4J_RAG, question, REFUND_DOC, LIGHTHOUSE_DOC);
    String text = answerWithDocuments(LANGCHAIN4J_RAG, question);

    assertThat(judged("relevance", asked, REFUND_DOC + "\n" + LIGHTHOUSE_DOC, text))
        .isEqualTo(judged("relevance", question, "", text));
  }
}
