package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.content.Redactor;
import org.junit.jupiter.api.Test;

/**
 * One behaviour per test: secrets people paste into prompts, and their look-alikes, each as a user
 * would write it.
 */
class PastedSecretKindsTest {
  private final RedactionEngine engine = RedactionEngine.defaults();

  private String redact(String text) {
    return engine.redact(text, new Redactor.RedactionCounter());
  }

  private void assertKept(String text) {
    assertThat(redact(text)).isEqualTo(text);
  }

  @Test
  void dashedSocialSecurityNumberIsReplaced() {
    assertThat(redact("SSN 078-05-1120 on the form")).isEqualTo("SSN <SSN> on the form");
  }

  @Test
  void bareNineDigitsAreAnSsnOnlyNextToASsnWord() {
    assertThat(redact("social security number 219099999"))
        .isEqualTo("social security number <SSN>");
    assertKept("item 219099999 is out of stock");
  }

  @Test
  void ssnWithAnAreaTheSsaNeverIssuesIsKept() {
    assertKept("SSN 666-12-3456 is not valid");
  }

  @Test
  void passportNumberNeedsAPassportWord() {
    assertThat(redact("我的护照号是E12345678")).isEqualTo("我的护照号是<PASSPORT>");
    assertKept("order E12345678 shipped");
  }

  @Test
  void usPhoneWithoutPlusIsReplaced() {
    assertThat(redact("Call (202) 555-0143 to confirm.")).isEqualTo("Call <PHONE> to confirm.");
  }

  @Test
  void ukNationalNumbersAreReplaced() {
    assertThat(redact("office 020 7946 0958, mobile 07700 900123"))
        .isEqualTo("office <PHONE>, mobile <PHONE>");
  }

  @Test
  void zipPlusFourIsNotAPhoneNumber() {
    assertKept("ZIP 02134-5678, Boston");
  }

  @Test
  void chineseMobilesSeparatedBySlashAreEachReplaced() {
    assertThat(redact("手机：13812345678/13987654321")).isEqualTo("手机：<PHONE>/<PHONE>");
  }

  @Test
  void googleApiKeyInAUrlIsReplaced() {
    assertThat(
            redact(
                "https://maps.googleapis.com/maps/api/js?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW&x=1"))
        .isEqualTo("https://maps.googleapis.com/maps/api/js?key=<GOOGLE_API_KEY>&x=1");
  }

  @Test
  void bareAwsSecretKeyNextToItsContextWordIsReplaced() {
    assertThat(redact("{\"SecretAccessKey\": \"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\"}"))
        .isEqualTo("{\"SecretAccessKey\": \"<AWS_SECRET_KEY>\"}");
  }

  @Test
  void fortyCharacterHashWithoutContextIsKept() {
    assertKept("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 by alice");
  }

  @Test
  void stripeHuggingFaceAndSlackWebhookAreReplaced() {
    assertThat(
            redact(
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh "
                    + "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"))
        .isEqualTo("<STRIPE_KEY> <HF_TOKEN> https://hooks.slack.com/services/<SLACK_WEBHOOK>");
  }

  @Test
  void azureSasSignatureIsReplacedAndTheRestOfTheUrlKept() {
    assertThat(
            redact(
                "https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5%3D"))
        .isEqualTo("https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=<AZURE_SAS>");
  }

  @Test
  void chinesePasswordPhrasingsAreReplaced() {
    assertThat(redact("root密码: Xy9#kq2Lm")).isEqualTo("root密码: <PASSWORD>");
    assertThat(redact("WiFi密码是abc12345678")).isEqualTo("WiFi密码是<PASSWORD>");
    assertThat(redact("密码是：P@ssw0rd!")).isEqualTo("密码是：<PASSWORD>");
  }

  @Test
  void environmentAssignmentOfAPasswordIsReplaced() {
    assertThat(redact("PGPASSWORD=s3cr3tPg psql -U postgres"))
        .isEqualTo("PGPASSWORD=<PASSWORD> psql -U postgres");
  }

  @Test
  void codeThatReadsAPasswordIsKept() {
    assertKept("password = os.environ[\"DB_PASSWORD\"]");
    assertKept("password: str = Field(...)");
    assertKept("this.password = password;");
  }

  @Test
  void aComparisonIsNotAnAssignmentAndNoMatchRunsAcrossTheNewline() {
    assertKept("if password == confirm_password:\n    return True");
    assertKept("password:\n    hunter2");
  }

  @Test
  void fourPartVersionIsNotAnAddress() {
    assertKept("[assembly: AssemblyVersion(\"3.6.7.15\")]");
    assertKept("agent version 10.4.2.1 started");
  }

  @Test
  void addressGluedToChineseTextIsReplaced() {
    assertThat(redact("服务器IP192.168.1.100端口22")).isEqualTo("服务器IP<IP>端口22");
  }

  @Test
  void obfuscatedEmailIsReplaced() {
    assertThat(redact("email me: jane.doe [at] example [dot] com")).isEqualTo("email me: <EMAIL>");
  }

  @Test
  void chineseIdWrittenInGroupsIsReplaced() {
    assertThat(redact("身份证 110105 19491231 002X")).isEqualTo("身份证 <CN_ID>");
  }

  @Test
  void connectionPasswordWithHashAndAtIsReplacedWholeAndTheHostKept() {
    assertThat(redact("postgres://admin:p#ss@word@db.example.com:5432/app"))
        .isEqualTo("postgres://<CREDENTIALS>@db.example.com:5432/app");
  }

  @Test
  void jsonEscapedPrivateKeyWithoutEndLineIsReplacedWhole() {
    String text =
        "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n"
            + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n"
            + "BKcwggSjAgEAAoIBAQC7\"}";

    assertThat(redact(text)).isEqualTo("{\"private_key\": \"<PRIVATE_KEY>\"}");
  }
}
