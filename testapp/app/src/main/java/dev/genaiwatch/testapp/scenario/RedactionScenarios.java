package dev.genaiwatch.testapp.scenario;

import java.util.List;

/** Prompts full of credentials and personal data, echoed back by the simulated model. */
final class RedactionScenarios {
  private RedactionScenarios() {}

  /** One value of every kind the redaction engine knows; none of them may leave the process. */
  static final List<String> SECRETS =
      List.of(
          "li.wei@example.cn",
          "13812345678",
          "+44 20 7946 0958",
          "11010519491231002X",
          "4111 1111 1111 1111",
          "DE89370400440532013000",
          "203.0.113.77",
          "2001:db8:85a3::8a2e:370:7334",
          "sk-proj-Zx8Qw7Er6Ty5Ui4Op3As2Df1",
          "AKIAIOSFODNN7EXAMPLE",
          "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
          "glpat-xR4nD0mT0k3nV4lu3zzQ",
          "xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
          "opaqueT0ken.abc123XYZ",
          "MIIEowIBAAKCAQEA7bq0ZxPiiKeyBody",
          "Zx9!kLm2Qr",
          "app:s3cr3tPw");

  static final String PII_PROMPT =
      "[[echo]] 我叫李伟，邮箱 li.wei@example.cn，手机 13812345678，"
          + "London office +44 20 7946 0958. 身份证号 11010519491231002X，卡号 4111 1111 1111 1111，"
          + "IBAN DE89370400440532013000. Logged in from 203.0.113.77 and 2001:db8:85a3::8a2e:370:7334. "
          + "Keys: sk-proj-Zx8Qw7Er6Ty5Ui4Op3As2Df1 AKIAIOSFODNN7EXAMPLE ghp_16C7e42F292c6912E7710c838347Ae178B4a "
          + "glpat-xR4nD0mT0k3nV4lu3zzQ xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx "
          + "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
          + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U, header Authorization: Bearer opaqueT0ken.abc123XYZ, "
          + "key -----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA7bq0ZxPiiKeyBody -----END RSA PRIVATE KEY----- "
          + "config password=Zx9!kLm2Qr and postgres://app:s3cr3tPw@db.internal:5432/app";

  @ScenarioName("openai-chat-pii")
  private static void pii(ScenarioContext ctx) {
    String answer =
        OpenAiJavaScenarios.answer(ctx, OpenAiJavaScenarios.question(ctx, PII_PROMPT).build());
    // Only the length: the answer echoes the secrets, and the application's own output is not under
    // test.
    ctx.print("openai-chat-pii", "answered " + answer.length() + " chars");
  }
}
