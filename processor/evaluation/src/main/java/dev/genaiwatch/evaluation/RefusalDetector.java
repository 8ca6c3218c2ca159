package dev.genaiwatch.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises a model declining to answer, in English and Chinese. Only the opening of the answer is
 * checked: a refusal leads with it, while an answer that later quotes "I cannot" is not a refusal.
 */
final class RefusalDetector {
  private RefusalDetector() {}

  private static final int HEAD = 200;

  // One alternation, so the answer's head is scanned once instead of once per phrase.
  private static final Pattern REFUSAL =
      Pattern.compile(
          String.join(
              "|",
              List.of(
                  "\\bi(?:'m| am) sorry,? but i (?:can(?:'|no)t|cannot|am unable|won't|will not)",
                  "\\bi (?:can(?:'|no)?t|cannot|won't|will not|am (?:not able|unable)) (?:help|assist|comply|provide|do that|answer|fulfil)",
                  "\\bi(?:'m| am) (?:not able|unable) to (?:help|assist|comply|provide|answer)",
                  "\\bas an ai(?: language model)?,? i (?:can(?:'|no)t|cannot|don't|do not|am not able)",
                  "\\bi must (?:decline|refuse)",
                  "\\bi apologi[sz]e,? but i (?:can(?:'|no)t|cannot|am unable)",
                  // Chinese: "as an AI", "I cannot / am unable to", "sorry, I cannot", "cannot
                  // provide/answer".
                  "作为一个?(?:ai|人工智能|语言模型|ai语言模型)",
                  "我(?:无法|不能|没办法|不可以)(?:帮|协助|提供|回答|满足|完成|处理)",
                  "(?:抱歉|对不起|很遗憾)[，,。！!\\s]*(?:我)?(?:无法|不能|没办法)",
                  "我无法")));

  // A RAG answer that says the material does not have it, or that it does not know: context not
  // used.
  private static final Pattern NON_ANSWER =
      Pattern.compile(
          String.join(
              "|",
              List.of(
                  "\\bi (?:do not|don't|dont) know\\b",
                  "\\bi(?:'m| am) not sure\\b",
                  "\\bi (?:could not|couldn't|can(?:'|no)?t|cannot|was unable to) find\\b",
                  "\\b(?:the )?(?:provided |given |available |retrieved )?(?:documents?|context|sources?|information|material)"
                      + "(?: (?:provided|given|available))? (?:do(?:es)? not|don't|doesn't) (?:mention|say|contain|include|specify|state|cover|provide)",
                  "\\bnot (?:mentioned|specified|stated|covered|included) in the (?:provided |given )?(?:documents?|context|sources?)",
                  "\\bthere is no (?:information|mention)",
                  "\\bno (?:information|details) (?:about|on|regarding)",
                  "(?:文档|资料|上下文|材料|信息|内容)(?:中|里|里面)?(?:没有|并未|未|没)(?:提到|提及|说明|包含|涉及|给出)",
                  "我(?:不|不太|并不)(?:知道|清楚|确定)",
                  "(?:无法|不能)确定",
                  "没有找到(?:相关|有关)?")));

  /**
   * A refusal, or a non-answer ("I don't know", "the documents don't mention it"): for a RAG call,
   * neither takes anything from the documents.
   */
  static boolean isRefusalOrNonAnswer(String answer) {
    return isRefusal(answer) || headMatches(NON_ANSWER, answer);
  }

  static boolean isRefusal(String answer) {
    return headMatches(REFUSAL, answer);
  }

  /** Refusals and non-answers come first: only the answer's opening is searched. */
  private static boolean headMatches(Pattern pattern, String answer) {
    if (answer == null || answer.isBlank()) {
      return false;
    }
    String head = answer.strip();
    head =
        head.substring(0, Math.min(HEAD, head.length()))
            .toLowerCase(Locale.ROOT)
            .replace('’', '\'');
    return pattern.matcher(head).find();
  }
}
