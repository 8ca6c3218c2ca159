package dev.genaiwatch.core.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The foundation's redactor: API keys, bearer tokens and e-mail addresses. One alternation compiled once,
 * applied in a single pass; every branch is a character-class run that cannot overlap itself, so matching
 * stays linear on adversarial input, and keys and tokens are consumed whole however long they are. The full engine (PII with checksum validators, user rules, keyed hashes) replaces
 * this class behind the same {@link Redactor} interface.
 */
public final class SecretRedactor implements Redactor {

  private static final Pattern SENSITIVE = Pattern.compile(
      // OpenAI-style keys: sk-..., sk-proj-..., sk-svcacct-...
      "(?<apikey>\\bsk-[A-Za-z0-9_-]{16,})"
          // Bearer tokens in free text or pasted headers.
          + "|(?<bearer>\\b[Bb]earer\\s+[A-Za-z0-9._~+/=-]{8,})"
          // E-mail: bounded local part and labels keep this linear.
          + "|(?<email>\\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}\\b)");

  @Override
  public String redact(String text, RedactionCounter counter) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = SENSITIVE.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    long n = 0;
    do {
      out.append(text, last, m.start()).append(placeholder(m));
      last = m.end();
      n++;
    } while (m.find());
    out.append(text, last, text.length());
    counter.add(n);
    return out.toString();
  }

  private static String placeholder(Matcher m) {
    if (m.group("apikey") != null) {
      return "<API_KEY>";
    }
    if (m.group("bearer") != null) {
      return "Bearer <TOKEN>";
    }
    return "<EMAIL>";
  }
}
