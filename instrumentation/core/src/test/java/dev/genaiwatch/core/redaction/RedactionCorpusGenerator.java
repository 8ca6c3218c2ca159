package dev.genaiwatch.core.redaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Writes {@code redaction-corpus/generated.jsonl}: labelled sentences in English and Chinese, each
 * with the values (and their rule) that must be redacted, plus look-alikes that must not be.
 * Deterministic (fixed seed), so the committed file is exactly what this class produces; {@code
 * RedactionCorpusTest} checks that. Run {@code main} to regenerate after changing it.
 */
public final class RedactionCorpusGenerator {
  static final Path FILE = Path.of("src/test/resources/redaction-corpus/generated.jsonl");
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String HEX = RandomText.HEX;
  private static final int PER_RULE = 36;

  private final SplittableRandom random = new SplittableRandom(20261128L);
  private final RandomText randomText = new RandomText(random);
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> lines = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    Files.writeString(
        FILE,
        String.join("\n", new RedactionCorpusGenerator().generate()) + "\n",
        StandardCharsets.UTF_8);
  }

  List<String> generate() {
    positives(
        "openai_key",
        this::openAiKey,
        "Here is my OpenAI key {v}, please keep it safe.",
        "export OPENAI_API_KEY={v}",
        "我的 API 密钥是 {v}，别告诉别人。",
        "调用失败了，用的 key 是{v}");
    positives(
        "aws_access_key",
        () -> "AKIA" + randomText.chars(BASE32, 16),
        "aws_access_key_id = {v}",
        "The access key {v} was leaked in the repo.",
        "请轮换这个 AWS 访问密钥：{v}。");
    positives(
        "github_token",
        this::githubToken,
        "git clone https://{v}@github.com/acme/app.git",
        "Use GITHUB_TOKEN={v} in CI.",
        "这个 GitHub 令牌 {v} 已经过期了吗？");
    positives(
        "gitlab_token",
        () -> "glpat-" + randomText.chars(ALNUM, 20),
        "PRIVATE-TOKEN: {v}",
        "My GitLab token is {v}",
        "GitLab 访问令牌：{v}");
    positives(
        "slack_token",
        () ->
            "xoxb-"
                + randomText.digits(11)
                + "-"
                + randomText.digits(13)
                + "-"
                + randomText.chars(ALNUM, 24),
        "SLACK_BOT_TOKEN={v}",
        "the bot uses {v} to post",
        "Slack 机器人令牌是 {v} ，请检查权限。");
    positives(
        "jwt",
        this::jwt,
        "The session cookie was {v}; is it expired?",
        "解析一下这个 JWT：{v}",
        "token={v}&next=/home");
    positives(
        "bearer_token",
        () -> randomText.chars(ALNUM, 24 + random.nextInt(16)) + "." + randomText.chars(ALNUM, 10),
        "curl -H \"Authorization: Bearer {v}\" https://api.example.com",
        "请求头 Authorization: Bearer {v} 返回 401",
        "authorization: bearer {v}");
    positives(
        "private_key",
        this::pem,
        "Why does ssh reject this key?\n{v}\nThanks!",
        "这是我的私钥：\n{v}\n帮我看看格式对不对");
    positives(
        "password",
        () -> randomText.chars(ALNUM, 8 + random.nextInt(8)) + "!" + randomText.digits(2),
        "db password={v}",
        "{\"username\": \"admin\", \"password\": \"{v}\"}",
        "数据库密码：{v}，请勿外传",
        "login with user root and password: {v}");
    positives(
        "connection_credentials",
        () -> name() + ":" + randomText.chars(ALNUM, 12),
        "DATABASE_URL=postgres://{v}@db.internal:5432/app",
        "连接串 mongodb://{v}@mongo.example.com/admin 连不上",
        "redis://{v}@cache.local:6379/0 times out");
    positives(
        "email",
        this::email,
        "Please send the report to {v} by Friday.",
        "请把发票发到 {v}，谢谢。",
        "联系人邮箱:{v}",
        "Reply-To: <{v}>");
    positives(
        "cn_mobile", this::cnMobile, "我的手机号是{v}，有事打给我。", "Call me on {v} after 6pm.", "收货电话：{v}");
    positives(
        "phone_e164",
        this::e164,
        "You can reach our London office at {v}.",
        "Her number is {v} (mobile).",
        "国际电话 {v} 可以拨通吗？");
    positives(
        "cn_id",
        this::cnId,
        "身份证号：{v}",
        "My Chinese ID number is {v}, is it valid?",
        "请核对乘客证件号码{v}是否正确");
    positives(
        "payment_card",
        this::card,
        "Charge card {v} for the order.",
        "我的银行卡号是{v}",
        "card number: {v}, exp 12/27");
    positives(
        "iban",
        this::iban,
        "Please wire the refund to IBAN {v}.",
        "收款账户 IBAN：{v}",
        "IBAN {v} (Deutsche Bank)");
    positives(
        "ipv4",
        () ->
            (11 + random.nextInt(200))
                + "."
                + random.nextInt(256)
                + "."
                + random.nextInt(256)
                + "."
                + (1 + random.nextInt(254)),
        "The attacker came from {v} at midnight.",
        "服务器 IP 是 {v}，端口 8080",
        "ssh root@{v} fails");
    positives("ipv6", this::ipv6, "Client address {v} was blocked.", "请把 {v} 加入白名单", "ping6 {v}");
    mixed();
    negatives();
    return lines;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Positives

  private void positives(String rule, Supplier<String> value, String... templates) {
    for (int i = 0; i < PER_RULE; i++) {
      String v = value.get();
      String template = templates[i % templates.length];
      add(template.replace("{v}", v), rule, v);
    }
  }

  private void mixed() {
    for (int i = 0; i < 20; i++) {
      String mail = email();
      String phone = cnMobile();
      String key = openAiKey();
      add(
          "用户 " + mail + " 的手机 " + phone + " 绑定了 key " + key + "。",
          "email",
          mail,
          "cn_mobile",
          phone,
          "openai_key",
          key);
      String card = card();
      String ip = "203.0.113." + (1 + random.nextInt(254));
      add(
          "Payment with " + card + " from " + ip + " was declined; ask " + mail + ".",
          "payment_card",
          card,
          "ipv4",
          ip,
          "email",
          mail);
    }
  }

  private String openAiKey() {
    String prefix =
        switch (random.nextInt(3)) {
          case 0 -> "sk-";
          case 1 -> "sk-proj-";
          default -> "sk-svcacct-";
        };
    return prefix
        + randomText.chars(ALNUM, 20)
        + randomText.digits(2)
        + randomText.chars(ALNUM + "_-", 10 + random.nextInt(30))
        + randomText.chars(ALNUM, 2);
  }

  private String githubToken() {
    return random.nextBoolean()
        ? "ghp_" + randomText.chars(ALNUM, 34) + randomText.digits(2)
        : "github_pat_"
            + randomText.chars(ALNUM, 20)
            + randomText.digits(2)
            + "_"
            + randomText.chars(ALNUM, 59);
  }

  private String jwt() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String alg = random.nextBoolean() ? "HS256" : "RS256";
    String header =
        b64.encodeToString(
            ("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"sub\":\""
                    + randomText.digits(8)
                    + "\",\"name\":\""
                    + name()
                    + "\",\"iat\":"
                    + (1700000000 + random.nextInt(50000000))
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    byte[] sig = new byte[32];
    for (int i = 0; i < sig.length; i++) {
      sig[i] = (byte) random.nextInt(256);
    }
    return header + "." + payload + "." + b64.encodeToString(sig);
  }

  private String pem() {
    String kind =
        switch (random.nextInt(3)) {
          case 0 -> "RSA PRIVATE KEY";
          case 1 -> "PRIVATE KEY";
          default -> "EC PRIVATE KEY";
        };
    StringBuilder body = new StringBuilder();
    for (int line = 0; line < 4; line++) {
      body.append(randomText.chars(ALNUM + "+/", 64)).append('\n');
    }
    return "-----BEGIN "
        + kind
        + "-----\n"
        + body
        + randomText.chars(ALNUM, 20)
        + "==\n-----END "
        + kind
        + "-----";
  }

  private String name() {
    String[] names = {
      "alice",
      "bob",
      "carol",
      "dave",
      "li.wei",
      "zhang_san",
      "wang.fang",
      "j.smith",
      "maria",
      "chen"
    };
    return names[random.nextInt(names.length)] + (random.nextBoolean() ? "" : randomText.digits(2));
  }

  private String email() {
    String[] domains = {
      "example.com",
      "mail.example.org",
      "qq.com",
      "163.com",
      "corp.example.co.uk",
      "gmail.com",
      "outlook.com",
      "acme.io"
    };
    return name()
        + (random.nextInt(4) == 0 ? "+tag" : "")
        + "@"
        + domains[random.nextInt(domains.length)];
  }

  private String cnMobile() {
    String n = "1" + (3 + random.nextInt(7)) + randomText.digits(9);
    return switch (random.nextInt(4)) {
      case 0 -> n;
      case 1 -> "+86 " + n;
      case 2 -> n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
      default -> n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
    };
  }

  private String e164() {
    return switch (random.nextInt(4)) {
      case 0 -> "+44 20 " + randomText.digits(4) + " " + randomText.digits(4);
      case 1 -> "+1-" + (200 + random.nextInt(700)) + "-555-" + randomText.digits(4);
      case 2 -> "+49" + (150 + random.nextInt(30)) + randomText.digits(8);
      default -> "+33 6 " + randomText.fourDigitPairs();
    };
  }

  String cnId() {
    String[] regions = {
      "110105", "310104", "440305", "320102", "510107", "330106", "420111", "610113"
    };
    int year = 1950 + random.nextInt(56);
    int month = 1 + random.nextInt(12);
    int day = 1 + random.nextInt(28);
    String first17 =
        regions[random.nextInt(regions.length)]
            + year
            + RandomText.two(month)
            + RandomText.two(day)
            + randomText.digits(3);
    return first17 + cnIdCheck(first17);
  }

  static char cnIdCheck(String first17) {
    int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * w[i];
    }
    return "10X98765432".charAt(sum % 11);
  }

  private String card() {
    String[] prefixes = {"4", "51", "55", "2221", "34", "37", "6011", "62", "3530"};
    String prefix = prefixes[random.nextInt(prefixes.length)];
    int length =
        prefix.startsWith("3") && !prefix.equals("3530")
            ? 15
            : prefix.equals("62") && random.nextBoolean() ? 19 : 16;
    String body = prefix + randomText.digits(length - prefix.length() - 1);
    String number = body + luhnCheck(body);
    if (length != 16 || random.nextInt(3) == 0) {
      return number;
    }
    String sep = random.nextBoolean() ? " " : "-";
    return number.substring(0, 4)
        + sep
        + number.substring(4, 8)
        + sep
        + number.substring(8, 12)
        + sep
        + number.substring(12);
  }

  static char luhnCheck(String body) {
    int sum = 0;
    boolean doubled = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int d = body.charAt(i) - '0';
      if (doubled) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubled = !doubled;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  private String iban() {
    String[][] countries = {
      {"DE", "18"},
      {"FR", "23"},
      {"ES", "20"},
      {"IT", "23"},
      {"NL", "14"},
      {"GB", "18"},
      {"CH", "17"},
      {"BE", "12"}
    };
    String[] c = countries[random.nextInt(countries.length)];
    String bban = randomText.digits(Integer.parseInt(c[1]));
    if (c[0].equals("NL") || c[0].equals("GB")) {
      bban = randomText.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + bban.substring(4);
    } else if (c[0].equals("IT")) {
      bban = randomText.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + bban.substring(1);
    }
    String iban = c[0] + ibanCheck(c[0], bban) + bban;
    if (random.nextBoolean()) {
      return iban;
    }
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < iban.length(); i += 4) {
      grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(i + 4, iban.length()));
    }
    return grouped.toString();
  }

  static String ibanCheck(String country, String bban) {
    String rearranged = bban + country + "00";
    int r = 0;
    for (char ch : rearranged.toCharArray()) {
      r = Character.isDigit(ch) ? (r * 10 + ch - '0') % 97 : (r * 100 + ch - 'A' + 10) % 97;
    }
    return RandomText.two(98 - r);
  }

  private String ipv6() {
    StringBuilder full = new StringBuilder("2001:db8");
    for (int i = 0; i < 6; i++) {
      full.append(':').append(Integer.toHexString(random.nextInt(0x10000)));
    }
    return switch (random.nextInt(3)) {
      case 0 -> full.toString();
      case 1 ->
          "fe80::"
              + Integer.toHexString(0x100 + random.nextInt(0xff00))
              + ":"
              + random.nextInt(10)
              + "a"
              + Integer.toHexString(random.nextInt(0x100));
      default ->
          "2408:8207:"
              + Integer.toHexString(random.nextInt(0x10000))
              + "::"
              + (1 + random.nextInt(99));
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Negatives: look-alikes that must be kept

  private void negatives() {
    for (int i = 0; i < 30; i++) {
      keep(
          "Order #"
              + (2024000000 + random.nextInt(99999999))
              + randomText.digits(3)
              + " shipped on 2024-0"
              + (1 + random.nextInt(9))
              + "-1"
              + random.nextInt(10)
              + ".");
      keep(
          "订单号：DD"
              + "2024"
              + RandomText.two(1 + random.nextInt(12))
              + RandomText.two(1 + random.nextInt(28))
              + randomText.digits(8)
              + "，已发货。");
      keep(
          "ORD-"
              + randomText.digits(4)
              + "-"
              + randomText.digits(4)
              + "-"
              + randomText.digits(4)
              + " was refunded");
      keep(
          "event at "
              + (1600000000 + random.nextInt(200000000))
              + " (unix) and "
              + (1600000000000L + random.nextInt(2000000000))
              + " ms");
      keep("logged " + randomText.timestamp() + " in trace " + randomText.uuid());
      keep("request id " + randomText.uuid() + " failed");
      keep(
          "upgrade from v"
              + randomText.version(5, 30, 20)
              + " to "
              + randomText.version(5, 30, 20)
              + "-rc."
              + random.nextInt(5));
      keep(
          "kernel 5.15.0-"
              + random.nextInt(120)
              + "-generic on Windows 10.0.19045."
              + (1000 + random.nextInt(3000)));
      keep("commit " + randomText.chars(HEX, 40) + " (short " + randomText.chars(HEX, 7) + ")");
      keep("sha256:" + randomText.chars(HEX, 64));
      keep("身份证号校验失败：" + invalidCnId());
      keep("declined card " + invalidCard());
      keep("IBAN with a typo: " + invalidIban());
      keep(
          "发票号码："
              + randomText.digits(8)
              + "，发票代码：0"
              + randomText.digits(11)
              + "，日期 2024年"
              + (1 + random.nextInt(12))
              + "月"
              + (1 + random.nextInt(28))
              + "日");
      keep("invoice INV-1" + (3 + random.nextInt(7)) + randomText.digits(9) + " is due");
      keep(
          "tracking 1Z"
              + randomText.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16)
              + " and ISBN 978"
              + randomText.digits(10));
      keep(
          "The meeting is at "
              + RandomText.two(random.nextInt(24))
              + ":"
              + RandomText.two(random.nextInt(60))
              + ":"
              + RandomText.two(random.nextInt(60))
              + " on "
              + RandomText.two(1 + random.nextInt(12))
              + "/"
              + RandomText.two(1 + random.nextInt(28))
              + "/2024.");
      keep("MAC " + mac() + " on port " + random.nextInt(48));
      keep("the number " + (1 + random.nextInt(9)) + randomText.digits(19) + " is out of range");
    }
  }

  private String mac() {
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      m.append(i == 0 ? "" : ":").append(randomText.chars("0123456789ABCDEF", 2));
    }
    return m.toString();
  }

  private String invalidCnId() {
    String valid = cnId();
    char check = valid.charAt(17);
    char wrong = check == '0' ? '1' : check == 'X' ? '0' : (char) (check == '9' ? 'X' : check + 1);
    return valid.substring(0, 17) + wrong;
  }

  private String invalidCard() {
    String body = "4" + randomText.digits(14);
    char check = luhnCheck(body);
    return body + (char) ('0' + (check - '0' + 1 + random.nextInt(8)) % 10);
  }

  private String invalidIban() {
    String bban = randomText.digits(18);
    int check = Integer.parseInt(ibanCheck("DE", bban));
    int wrong = 2 + (check - 2 + 1 + random.nextInt(90)) % 97;
    return "DE" + RandomText.two(wrong) + bban;
  }

  // ---------------------------------------------------------------------------------------------------------

  private void add(String text, String... ruleValuePairs) {
    ObjectNode line = json.createObjectNode();
    line.put("text", text);
    ArrayNode expected = line.putArray("expected");
    for (int i = 0; i < ruleValuePairs.length; i += 2) {
      expected.addObject().put("rule", ruleValuePairs[i]).put("value", ruleValuePairs[i + 1]);
    }
    lines.add(line.toString());
  }

  private void keep(String text) {
    add(text);
  }
}
