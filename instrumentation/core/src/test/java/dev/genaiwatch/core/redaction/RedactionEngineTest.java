package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.content.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One behaviour per test: each built-in rule redacts the real thing and keeps its look-alikes. */
class RedactionEngineTest {
  private final RedactionEngine engine = RedactionEngine.defaults();

  private String redact(String text) {
    return engine.redact(text, new Redactor.RedactionCounter());
  }

  private void assertKept(String text) {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    assertThat(engine.redact(text, counter)).isEqualTo(text);
    assertThat(counter.count()).isZero();
  }

  // --- credentials
  // ---------------------------------------------------------------------------------------

  @Test
  void openAiProjectKeyIsReplacedWhole() {
    assertThat(redact("OPENAI_KEY=sk-proj-Ab12_cd34-EF56gh78IJ90kl_mn-OP12 done"))
        .isEqualTo("OPENAI_KEY=<API_KEY> done");
  }

  @Test
  void keyWithoutDigitsIsStillAKeyWhenItHasARandomRun() {
    assertThat(redact("sk-proj-abcdefghijklmnopqrstuv")).isEqualTo("<API_KEY>");
  }

  @Test
  void skPrefixedLowerCaseWordsAreKept() {
    assertKept("pip install sk-learn-extra-package-for-science");
  }

  @Test
  void awsAccessKeyIdIsReplaced() {
    assertThat(redact("key AKIAIOSFODNN7EXAMPLE here")).isEqualTo("key <AWS_KEY> here");
  }

  @Test
  void awsTemporaryKeyIdIsReplaced() {
    assertThat(redact("ASIAY34FZKBOKMUTVV7A")).isEqualTo("<AWS_KEY>");
  }

  @Test
  void awsLikeIdWithCharactersOutsideBase32IsKept() {
    assertKept("AKIA0189ABCDEFGHIJKL"); // 0, 1, 8, 9 never occur in key ids
  }

  @Test
  void githubClassicTokenIsReplaced() {
    assertThat(redact("GITHUB_TOKEN ghp_16C7e42F292c6912E7710c838347Ae178B4a ok"))
        .isEqualTo("GITHUB_TOKEN <TOKEN> ok");
  }

  @Test
  void githubFineGrainedTokenIsReplaced() {
    assertThat(
            redact(
                "github_pat_11ABCDEFG0123456789abc_defghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"))
        .isEqualTo("<TOKEN>");
  }

  @Test
  void shortGithubPrefixIsKept() {
    assertKept("ghp_short is not a token");
  }

  @Test
  void gitlabTokenIsReplaced() {
    assertThat(redact("PRIVATE-TOKEN: glpat-xR4nD0mT0k3nV4lu3zzQ"))
        .isEqualTo("PRIVATE-TOKEN: <TOKEN>");
  }

  @Test
  void slackBotTokenIsReplaced() {
    assertThat(redact("xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"))
        .isEqualTo("<TOKEN>");
  }

  @Test
  void slackPrefixInProseIsKept() {
    assertKept("the xoxo-gossip-girl-reboot");
  }

  @Test
  void jwtWithAlgHeaderIsReplaced() {
    assertThat(
            redact(
                "cookie eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
                    + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end"))
        .isEqualTo("cookie <JWT> end");
  }

  @Test
  void threeBase64SegmentsWithoutAlgAreNotAJwt() {
    assertKept("eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"); // header {"foo":"bar"}
  }

  @Test
  void bearerTokenIsReplacedKeepingTheScheme() {
    assertThat(redact("Authorization: Bearer abc123def456ghi789"))
        .isEqualTo("Authorization: Bearer <TOKEN>");
  }

  @Test
  void bearerJwtIsReportedAsJwt() {
    assertThat(redact("Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."))
        .isEqualTo("Authorization: Bearer <JWT>");
  }

  @Test
  void basicCredentialsAreReplaced() {
    assertThat(redact("Authorization: Basic dXNlcjpwYXNzd29yZA=="))
        .isEqualTo("Authorization: Basic <TOKEN>");
  }

  @Test
  void bearerFollowedByProseIsKept() {
    assertKept("Bearer responsibility-for-everything, said the bearer of bad news");
  }

  @Test
  void pemPrivateKeyBlockIsReplacedWhole() {
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEA7b\n"
            + "q0Zx==\n"
            + "-----END RSA PRIVATE KEY-----";

    assertThat(redact("key:\n" + pem + "\nthanks")).isEqualTo("key:\n<PRIVATE_KEY>\nthanks");
  }

  @Test
  void pemBlockCutBeforeItsEndLineIsReplacedToTheEndOfItsBody() {
    assertThat(redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nMIIE"))
        .isEqualTo("<PRIVATE_KEY>");
  }

  @Test
  void pemPublicKeyIsKept() {
    assertKept(
        "-----BEGIN PUBLIC KEY-----\n"
            + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
            + "-----END PUBLIC KEY-----");
  }

  @Test
  void passwordAssignmentValueIsReplaced() {
    assertThat(redact("db password=hunter2! ok")).isEqualTo("db password=<PASSWORD> ok");
  }

  @Test
  void jsonPasswordFieldValueIsReplaced() {
    assertThat(redact("{\"user\":\"a\",\"password\": \"correct horse battery\"}"))
        .isEqualTo("{\"user\":\"a\",\"password\": \"<PASSWORD>\"}");
  }

  @Test
  void chinesePasswordLabelValueIsReplaced() {
    assertThat(redact("数据库密码：Zx9!kLm2，请勿外传")).isEqualTo("数据库密码：<PASSWORD>，请勿外传");
  }

  @Test
  void passwordSentenceEndingDotIsKept() {
    assertThat(redact("the password: Tr0ub4dor3.")).isEqualTo("the password: <PASSWORD>.");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password: ********",
        "password=${DB_PASSWORD}",
        "\"password\": \"<your password>\"",
        "password: null",
        "password_reset_url=https://example.com/reset"
      })
  void passwordTemplatesAndPlaceholdersAreKept(String text) {
    assertKept(text);
  }

  @Test
  void connectionStringKeepsSchemeAndHostButNotCredentials() {
    assertThat(redact("postgres://app:s3cr3t@db.internal:5432/app"))
        .isEqualTo("postgres://<CREDENTIALS>@db.internal:5432/app");
  }

  @Test
  void connectionStringWithoutPasswordIsKept() {
    assertKept("see https://github.com/acme/app and ftp://mirror.example.org/pub");
  }

  // --- personal data
  // -------------------------------------------------------------------------------------

  @Test
  void emailAddressIsReplaced() {
    assertThat(redact("write to jane.doe+ops@mail.example.co.uk today"))
        .isEqualTo("write to <EMAIL> today");
  }

  @Test
  void emailInChineseTextIsReplaced() {
    assertThat(redact("请发到zhang_san@qq.com，谢谢")).isEqualTo("请发到<EMAIL>，谢谢");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "logo@2x.png",
        "git@github.com:acme/app.git",
        "name@localhost",
        "price: 5 @ 3 each",
        "@channel"
      })
  void emailLookAlikesAreKept(String text) {
    assertKept(text);
  }

  @Test
  void chineseMobileNumberIsReplaced() {
    assertThat(redact("手机13812345678有事打")).isEqualTo("手机<PHONE>有事打");
  }

  @Test
  void chineseMobileWithCountryCodeAndSpacesIsReplacedWhole() {
    assertThat(redact("call +86 138 1234 5678 now")).isEqualTo("call <PHONE> now");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12812345678",
        "138123456789",
        "INV-13812345678",
        "order #13812345678",
        "v13812345678"
      })
  void mobileLookAlikesAreKept(String text) {
    assertKept(text);
  }

  @Test
  void internationalNumberIsReplaced() {
    assertThat(redact("London +44 20 7946 0958.")).isEqualTo("London <PHONE>.");
  }

  @Test
  void plusFollowedByTooFewDigitsIsKept() {
    assertKept("Call +1 23 for help, or add +5 points");
  }

  @Test
  void chineseResidentIdWithValidChecksumIsReplaced() {
    assertThat(redact("身份证号11010519491231002X。")).isEqualTo("身份证号<CN_ID>。");
  }

  @Test
  void residentIdWithWrongCheckCharacterIsKept() {
    assertKept("110105194912310021");
  }

  @Test
  void residentIdWithImpossibleDateIsKept() {
    // 1949-02-30 does not exist; check character recomputed so only the date is wrong
    String first17 = "11010519490230002";
    assertKept(first17 + RedactionCorpusGenerator.cnIdCheck(first17));
  }

  @Test
  void residentIdWithUnknownRegionIsKept() {
    String first17 = "99010519491231002";
    assertKept(first17 + RedactionCorpusGenerator.cnIdCheck(first17));
  }

  @Test
  void luhnValidCardIsReplaced() {
    assertThat(redact("card 4111111111111111 exp")).isEqualTo("card <CARD> exp");
  }

  @Test
  void cardWrittenInGroupsIsReplacedWhole() {
    assertThat(redact("card 5500-0000-0000-0004, and 3782 822463 10005"))
        .isEqualTo("card <CARD>, and <CARD>");
  }

  @Test
  void cardFailingLuhnIsKept() {
    assertKept("card 4111111111111112");
  }

  @Test
  void luhnValidNumberWithoutAnIssuerPrefixIsKept() {
    assertKept("id 1234567812345670"); // passes Luhn, but no scheme issues cards starting with 12
  }

  @Test
  void ibanWithValidCheckDigitsIsReplaced() {
    assertThat(redact("IBAN DE89370400440532013000 please")).isEqualTo("IBAN <IBAN> please");
  }

  @Test
  void ibanWrittenInGroupsIsReplacedWhole() {
    assertThat(redact("GB82 WEST 1234 5698 7654 32")).isEqualTo("<IBAN>");
  }

  @Test
  void ibanWithWrongCheckDigitsIsKept() {
    assertKept("DE88370400440532013000");
  }

  @Test
  void ibanOfWrongLengthForItsCountryIsKept() {
    assertKept("DE8937040044053201300");
  }

  @Test
  void ipv4AddressIsReplaced() {
    assertThat(redact("from 192.168.10.254:8080 at noon")).isEqualTo("from <IP>:8080 at noon");
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3.4.5", "v1.2.3.4", "version 1.2.3", "10.0.19045.3693"})
  void ipv4LookAlikesAreKept(String text) {
    assertKept(text);
  }

  @Test
  void fullIpv6AddressIsReplaced() {
    assertThat(redact("host 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up")).isEqualTo("host <IP> up");
  }

  @Test
  void compressedIpv6AddressIsReplaced() {
    assertThat(redact("ping fe80::1ff:fe23:4567:890a")).isEqualTo("ping <IP>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12:30:45", "00:1A:2B:3C:4D:5E", "std::vector", "a::b::c", "::"})
  void ipv6LookAlikesAreKept(String text) {
    assertKept(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Order #2024051200123 shipped",
        "123e4567-e89b-12d3-a456-426614174000",
        "commit 3f9a1c2b4d5e6f708192a3b4c5d6e7f801234567",
        "1716537600123",
        "2024-05-12T10:30:45.123Z",
        "发票代码：044031900111",
        "ISBN 978-3-16-148410-0"
      })
  void numbersThatAreNotPersonalDataAreKept(String text) {
    assertKept(text);
  }

  // --- the engine
  // ----------------------------------------------------------------------------------------

  @Test
  void everyReplacementIsCounted() {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    engine.redact("a@example.com, 13812345678 and sk-abcdefghijklmnopqrst12", counter);

    assertThat(counter.count()).isEqualTo(3);
  }

  @Test
  void counterAccumulatesAcrossTexts() {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    engine.redact("x@example.com", counter);
    engine.redact("nothing here", counter);
    engine.redact("Bearer abcdefgh12345678", counter);

    assertThat(counter.count()).isEqualTo(2);
  }

  @Test
  void nullAndEmptyTextArePassedThrough() {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    assertThat(engine.redact(null, counter)).isNull();
    assertThat(engine.redact("", counter)).isEmpty();
    assertThat(counter.count()).isZero();
  }

  @Test
  void overlappingMatchesAreReplacedOnceByTheHigherPriorityRule() {
    // "pass@db.example.com" is also an e-mail address; the credentials rule ranks higher
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    assertThat(engine.redact("mysql://root:pass@db.example.com/x", counter))
        .isEqualTo("mysql://<CREDENTIALS>@db.example.com/x");
    assertThat(counter.count()).isEqualTo(1);
  }

  @Test
  void keyAssignedToAPasswordIsReportedAsTheKeyItIs() {
    assertThat(redact("password=sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12"))
        .isEqualTo("password=<API_KEY>");
  }

  @Test
  void overLongKeyIsRedactedWholeSoNoTailLeaks() {
    String text = "sk-" + "Ab1".repeat(40_000) + " end";

    assertThat(redact(text)).isEqualTo("<API_KEY> end");
  }

  @Test
  void builtInRuleNamesArePublishedInPriorityOrder() {
    assertThat(RedactionEngine.builtInRuleNames())
        .startsWith("private_key")
        .endsWith("ipv4")
        .hasSize(29);
  }
}
