package dev.genaiwatch.core.redaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Writes the leak corpus of issue 18: labelled English and Chinese texts (prompts, RAG chunks,
 * code, logs, JSON) holding the secrets people paste, and clean near-misses. Deterministic per
 * seed; two parts:
 *
 * <ul>
 *   <li>{@code leak-tuning.jsonl} (seed {@value #TUNING_SEED}): the part the rules were tuned on;
 *   <li>{@code leak-heldout.jsonl} (seed {@value #HELDOUT_SEED}): other values, and every fourth
 *       template of each kind appears only here, so the held-out part also has phrasings the rules
 *       were never tuned on.
 * </ul>
 *
 * Each line: {@code text}, {@code lang} (en/zh), {@code genre}, {@code expected} (rule and exact
 * value). Run {@code main} from {@code instrumentation/core} to regenerate; {@code LeakCorpusTest}
 * checks the files match.
 */
public final class LeakCorpusGenerator {
  static final Path DIR = Path.of("src/test/resources/redaction-corpus");
  static final long TUNING_SEED = 18_001L;
  static final long HELDOUT_SEED = 18_002L;
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String BASE64 = ALNUM + "+/";
  private static final String HEX = RandomText.HEX;

  private final SplittableRandom random;
  private final RandomText randomText;
  private final boolean heldOut;
  private final int perKind;
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> lines = new ArrayList<>();

  LeakCorpusGenerator(long seed, boolean heldOut) {
    this.random = new SplittableRandom(seed);
    this.randomText = new RandomText(random);
    this.heldOut = heldOut;
    this.perKind = heldOut ? 16 : 44;
  }

  public static void main(String[] args) throws IOException {
    write("leak-tuning.jsonl", new LeakCorpusGenerator(TUNING_SEED, false).generate());
    write("leak-heldout.jsonl", new LeakCorpusGenerator(HELDOUT_SEED, true).generate());
  }

  private static void write(String file, List<String> lines) throws IOException {
    Files.writeString(DIR.resolve(file), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** A phrasing: language, genre, and the text with {@code {v}} where the value goes. */
  private record T(String lang, String genre, String text) {}

  private static T en(String genre, String text) {
    return new T("en", genre, text);
  }

  private static T zh(String genre, String text) {
    return new T("zh", genre, text);
  }

  List<String> generate() {
    kind(
        "ssn",
        this::ssn,
        en("prompt", "My SSN is {v}, can you check the W-2 form?"),
        zh("prompt", "美国同事的社会安全号 {v} 填在哪一栏？"),
        en("json", "{\"name\": \"Ann Lee\", \"ssn\": \"{v}\", \"dob\": \"1984-02-11\"}"),
        en("rag", "Applicant: John Roe\nSocial Security Number: {v}\nEmployer: Acme"),
        en("log", "kyc check failed for ssn={v} (mismatch)"),
        zh("log", "W-9 表单 SSN：{v} 已上传"));
    kind(
        "passport",
        this::passport,
        en("prompt", "Passport number {v}, expires 2031-04-02. Fill the visa form."),
        zh("prompt", "我的护照号是{v}，帮我订机票"),
        en("json", "{\"traveler\": \"Wu Lei\", \"passport_no\": \"{v}\"}"),
        zh("rag", "出境人员：李明，护照号码：{v}，签发地：上海"),
        en("log", "check-in ok, passport {v} scanned at gate 12"),
        zh("log", "护照 {v} 核验通过"));
    kind(
        "phone_national",
        this::nationalPhone,
        en("prompt", "Please call me back at {v} after lunch."),
        zh("prompt", "我的办公电话是 {v}，有事找我"),
        en("rag", "Customer service: {v} (Mon-Fri 9-5)."),
        en("log", "sms gateway: delivered to {v}"),
        zh("json", "{\"联系人\": \"王芳\", \"电话\": \"{v}\"}"),
        en("json", "{\"contact\": {\"phone\": \"{v}\"}}"));
    kindPair(
        "cn_mobile",
        this::bareMobile,
        zh("prompt", "联系方式：{v}/{w}，随时打"),
        zh("rag", "值班手机 {v}/{w}（24 小时）"),
        en("prompt", "Backup numbers: {v}/{w}"),
        zh("log", "通知已发送至 {v}、{w}"));
    kind(
        "google_api_key",
        this::googleKey,
        en("code", "const map = new Loader({ apiKey: \"{v}\" });"),
        en(
            "log",
            "GET https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={v} 200"),
        zh("prompt", "我的 Google API key 是 {v}，为什么报 403？"),
        en(
            "prompt",
            "curl \"https://www.googleapis.com/youtube/v3/search?part=snippet&q=cats&key={v}\""),
        en("json", "{\"GOOGLE_API_KEY\": \"{v}\"}"));
    kind(
        "aws_secret_key",
        this::awsSecret,
        en("code", "aws_secret_access_key = {v}"),
        en(
            "json",
            "{\"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\", \"SecretAccessKey\": \"{v}\"}",
            "aws_access_key",
            "AKIAIOSFODNN7EXAMPLE"),
        zh("prompt", "AWS 密钥：{v}，帮我配置 boto3"),
        en(
            "rag",
            "Access key ID,Secret access key\nAKIAI44QH8DHBEXAMPLE,{v}",
            "aws_access_key",
            "AKIAI44QH8DHBEXAMPLE"),
        en("code", "export AWS_SECRET_ACCESS_KEY={v}"),
        en("prompt", "here's my aws secret key {v} - why is s3 denying?"));
    kind(
        "stripe_key",
        this::stripeKey,
        en("code", "stripe.api_key = \"{v}\""),
        en("log", "StripeAuthenticationError: Invalid API Key provided: {v}"),
        zh("prompt", "Stripe 的密钥 {v} 需要换吗"),
        en("json", "{\"STRIPE_SECRET\": \"{v}\"}"));
    kind(
        "huggingface_token",
        this::hfToken,
        en("code", "login(token=\"{v}\")"),
        en("prompt", "HF_TOKEN={v} huggingface-cli download meta-llama/Llama-3-8B"),
        zh("prompt", "用 {v} 下载模型时报 401"),
        en("log", "Authorization: token {v} rejected"));
    kind(
        "azure_sas",
        this::azureSig,
        en(
            "log",
            "PUT https://acct{n}.blob.core.windows.net/uploads/a.csv?sv=2022-11-02&ss=b&srt=o&sp=rw"
                + "&se=2025-01-01T00:00:00Z&spr=https&sig={v} 201"),
        en(
            "code",
            "SAS = \"?sv=2021-06-08&ss=bfqt&srt=sco&sp=rwdlacup&se=2024-12-31T23:59:59Z&sig={v}\""),
        zh(
            "prompt",
            "这个共享链接 https://data.blob.core.windows.net/c/f.pdf?sp=r&sv=2022-11-02&sig={v} 过期了吗"),
        en(
            "json",
            "{\"url\":"
                + " \"https://x.queue.core.windows.net/q?sv=2020-08-04&sig={v}&se=2024-09-01\"}"));
    kind(
        "azure_account_key",
        this::azureKey,
        en(
            "code",
            "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=acme{n};AccountKey={v};"
                + "EndpointSuffix=core.windows.net\""),
        zh("prompt", "连接字符串 AccountName=demo;AccountKey={v} 连不上"),
        en(
            "log",
            "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={v}"),
        en(
            "json",
            "{\"storage\": \"AccountName=logs;AccountKey={v};EndpointSuffix=core.windows.net\"}"));
    kind(
        "slack_webhook",
        this::slackWebhookPath,
        en("code", "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/{v}"),
        en("prompt", "curl -X POST -d '{\"text\":\"hi\"}' https://hooks.slack.com/services/{v}"),
        zh("prompt", "告警机器人地址 https://hooks.slack.com/services/{v} 还能用吗"),
        en("json", "{\"webhook\": \"https://hooks.slack.com/services/{v}\"}"));
    kind(
        "password",
        this::password,
        zh("log", "服务器root密码: {v}"),
        zh("prompt", "WiFi密码是{v}，连上就行"),
        zh("prompt", "账号 admin，密码是：{v}"),
        en("code", "PGPASSWORD={v} psql -h db.internal -U app -d orders"),
        en("code", "export MYSQL_PWD='{v}'"),
        zh("rag", "测试环境 mysql 用户 test 密码为 {v}"),
        en("json", "{\"db\": {\"user\": \"app\", \"password\": \"{v}\"}}"),
        en("code", "DB_PASSWORD={v}"));
    kind(
        "connection_credentials",
        this::credentialsWithSymbols,
        en("code", "DATABASE_URL=postgres://{v}@db.internal:5432/app"),
        zh("log", "连接 mysql://{v}@db-01.shop.local:3306/shop 超时"),
        en("json", "{\"url\": \"mongodb://{v}@mongo-0.svc:27017/admin\"}"),
        en("log", "redis://{v}@cache.local:6379/0 refused"));
    kind(
        "ipv4",
        this::ipv4,
        zh("log", "服务器IP{v}端口8080不通"),
        zh("prompt", "请把{v}加入白名单"),
        zh("rag", "内网地址为{v}。"),
        en("log", "connection from {v} closed"),
        zh("log", "来自{v}的请求被拦截"));
    kind(
        "email_obfuscated",
        this::obfuscatedEmail,
        en("prompt", "contact me at {v} for the slides"),
        zh("rag", "投稿请发送至 {v}"),
        en("rag", "Maintainer: {v}"),
        zh("prompt", "我的邮箱 {v}，有消息告诉我"));
    kind(
        "cn_id",
        this::spacedCnId,
        zh("prompt", "身份证号 {v}，帮我查一下社保"),
        zh("json", "{\"姓名\": \"张三\", \"身份证\": \"{v}\"}"),
        en("prompt", "Chinese ID: {v}"),
        zh("log", "实名认证：证件号 {v} 通过"));
    kind(
        "private_key",
        this::escapedPemWithoutEnd,
        en("json", "{\"type\": \"service_account\", \"private_key\": \"{v}\""),
        en("log", "loaded key=\"{v}"),
        zh("prompt", "配置里的 private_key 是 \"{v}\" 后面被截断了"),
        en("code", "PRIVATE_KEY = \"{v}"));
    // Kinds the README already claims: fewer here, the older corpus has more.
    kind(
        "email",
        this::email,
        en("prompt", "Send it to {v} tonight."),
        zh("rag", "邮箱：{v}"),
        en("log", "bounce from <{v}>"),
        zh("prompt", "请联系{v}"));
    kind(
        "payment_card",
        this::card,
        en("prompt", "card {v} exp 09/27"),
        zh("prompt", "银行卡号{v}"),
        en("json", "{\"pan\": \"{v}\"}"),
        zh("log", "支付卡 {v} 扣款失败"));
    kind(
        "openai_key",
        this::openAiKey,
        en("code", "OPENAI_API_KEY={v}"),
        zh("prompt", "key 是 {v}"),
        en("log", "Incorrect API key provided: {v}."),
        en("json", "{\"api_key\": \"{v}\"}"));
    kind(
        "phone_e164",
        this::e164,
        en("prompt", "reach me on {v}"),
        zh("prompt", "国际号码 {v}"),
        en("json", "{\"tel\": \"{v}\"}"),
        zh("log", "短信已发到{v}"));
    negatives();
    return lines;
  }

  // -------------------------------------------------------------------------------------------------------------

  private void kind(String rule, Supplier<String> value, T... templatesAndExtras) {
    kind(rule, value, List.of(templatesAndExtras));
  }

  private void kind(String rule, Supplier<String> value, List<T> templates) {
    for (int i = 0; i < perKind; i++) {
      T t = pick(templates, i);
      String v = value.get();
      String text =
          t.text().replace("{n}", Integer.toString(random.nextInt(100))).replace("{v}", v);
      add(t.lang(), t.genre(), text, rule, v);
    }
  }

  /** A template with an extra expected value after the text (AWS key id next to the secret). */
  private static T en(String genre, String text, String extraRule, String extraValue) {
    return new T("en", genre, text + "\u0000" + extraRule + "\u0000" + extraValue);
  }

  private void kindPair(String rule, Supplier<String> value, T... templates) {
    for (int i = 0; i < perKind; i++) {
      T t = pick(List.of(templates), i);
      String v = value.get();
      String w = value.get();
      add(t.lang(), t.genre(), t.text().replace("{v}", v).replace("{w}", w), rule, v, rule, w);
    }
  }

  /** Every fourth template is the held-out part's alone; the held-out part draws from all. */
  private T pick(List<T> templates, int i) {
    if (heldOut) {
      return templates.get(random.nextInt(templates.size()));
    }
    List<T> tuning = new ArrayList<>();
    for (int j = 0; j < templates.size(); j++) {
      if (j % 4 != 3) {
        tuning.add(templates.get(j));
      }
    }
    return tuning.get(i % tuning.size());
  }

  private void add(String lang, String genre, String text, String... ruleValuePairs) {
    List<String> pairs = new ArrayList<>(List.of(ruleValuePairs));
    int extra = text.indexOf('\u0000');
    if (extra >= 0) {
      String[] parts = text.split("\u0000");
      text = parts[0];
      pairs.add(parts[1]);
      pairs.add(parts[2]);
    }
    ObjectNode line = json.createObjectNode();
    line.put("text", text);
    line.put("lang", lang);
    line.put("genre", genre);
    ArrayNode expected = line.putArray("expected");
    for (int i = 0; i < pairs.size(); i += 2) {
      expected.addObject().put("rule", pairs.get(i)).put("value", pairs.get(i + 1));
    }
    lines.add(line.toString());
  }

  private void keep(String lang, String genre, String text) {
    add(lang, genre, text);
  }

  // --- values
  // --------------------------------------------------------------------------------------------------

  private String ssn() {
    int area;
    do {
      area = 1 + random.nextInt(899);
    } while (area == 666);
    String a = RandomText.three(area);
    String g = RandomText.two(1 + random.nextInt(99));
    String s = RandomText.four(1 + random.nextInt(9999));
    return switch (random.nextInt(3)) {
      case 0, 1 -> a + "-" + g + "-" + s;
      default -> random.nextBoolean() ? a + " " + g + " " + s : a + g + s;
    };
  }

  private String passport() {
    return switch (random.nextInt(5)) {
      case 0 -> "E" + randomText.digits(8);
      case 1 -> "E" + randomText.chars("ABCDEFGHJKLMNPQRSTUVWXYZ", 1) + randomText.digits(7);
      case 2 -> "G" + randomText.digits(8);
      case 3 -> (1 + random.nextInt(9)) + randomText.digits(8);
      default -> randomText.chars("ABCDEFGHJKLMNPRSTUVWXYZ", 1) + randomText.digits(7);
    };
  }

  private String nationalPhone() {
    String area = (2 + random.nextInt(8)) + randomText.digits(2);
    String exchange = (2 + random.nextInt(8)) + randomText.digits(2);
    String line = randomText.digits(4);
    return switch (random.nextInt(10)) {
      case 0 -> "(" + area + ") " + exchange + "-" + line;
      case 1 -> area + "-" + exchange + "-" + line;
      case 2 -> area + "." + exchange + "." + line;
      case 3 -> "1-800-" + exchange + "-" + line;
      case 4 -> "020 7" + randomText.digits(3) + " " + randomText.digits(4);
      case 5 -> "07" + randomText.digits(3) + " " + randomText.digits(6);
      case 6 -> "0" + (1 + random.nextInt(9)) + " " + randomText.fourDigitPairs();
      case 7 ->
          "0" + (10 + random.nextInt(10)) + "-" + (2 + random.nextInt(8)) + randomText.digits(7);
      case 8 ->
          "0" + (755 + random.nextInt(10)) + "-" + (2 + random.nextInt(8)) + randomText.digits(7);
      default -> "03-" + randomText.digits(4) + "-" + randomText.digits(4);
    };
  }

  private String bareMobile() {
    return "1" + (3 + random.nextInt(7)) + randomText.digits(9);
  }

  private String googleKey() {
    return "AIza" + randomText.chars(ALNUM + "_-", 33) + randomText.chars(ALNUM, 2);
  }

  private String awsSecret() {
    String s;
    do {
      s = randomText.chars(BASE64, 40);
    } while (!AwsSecretKey.looksRandom(s));
    return s;
  }

  private String stripeKey() {
    return switch (random.nextInt(4)) {
      case 0 ->
          "sk_live_" + randomText.digits(2) + randomText.chars(ALNUM, 22 + random.nextInt(76));
      case 1 ->
          "sk_test_" + randomText.digits(2) + randomText.chars(ALNUM, 22 + random.nextInt(30));
      case 2 -> "rk_live_" + randomText.digits(2) + randomText.chars(ALNUM, 30);
      default -> "whsec_" + randomText.chars(ALNUM, 30) + randomText.digits(2);
    };
  }

  private String hfToken() {
    return "hf_" + randomText.chars(LETTERS, 34);
  }

  private String azureSig() {
    String b64 = randomText.chars(BASE64, 42) + "=";
    return b64.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
  }

  private String azureKey() {
    return randomText.chars(BASE64, 86) + "==";
  }

  private String slackWebhookPath() {
    return "T"
        + randomText.chars(UPPER_ALNUM, 8 + random.nextInt(3))
        + "/B"
        + randomText.chars(UPPER_ALNUM, 8 + random.nextInt(3))
        + "/"
        + randomText.chars(ALNUM, 24);
  }

  private String password() {
    String symbols = "!@#$%^*_-";
    return randomText.chars(LETTERS, 3 + random.nextInt(5))
        + randomText.digits(1 + random.nextInt(3))
        + randomText.chars(symbols, 1)
        + randomText.chars(ALNUM, 2 + random.nextInt(5));
  }

  private String credentialsWithSymbols() {
    String[] users = {"app", "svc_orders", "admin", "root", "report", "etl-user"};
    String symbol = random.nextBoolean() ? "#" : "@";
    String secret =
        randomText.chars(ALNUM, 3 + random.nextInt(5))
            + symbol
            + randomText.chars(ALNUM, 3 + random.nextInt(6))
            + (random.nextInt(3) == 0 ? "!" + randomText.digits(2) : "");
    return users[random.nextInt(users.length)] + ":" + secret;
  }

  private String ipv4() {
    return (11 + random.nextInt(212))
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + (1 + random.nextInt(254));
  }

  private String obfuscatedEmail() {
    String[] names = {"lucy.chen", "mark", "zhang.wei", "j_doe", "dev-team", "li88"};
    String[] domains = {"example", "mail.example", "corp", "school.edu"};
    String[] tlds = {"com", "org", "cn", "net"};
    String name = names[random.nextInt(names.length)];
    String domain = domains[random.nextInt(domains.length)];
    String tld = tlds[random.nextInt(tlds.length)];
    return switch (random.nextInt(5)) {
      case 0 -> name + " [at] " + domain + " [dot] " + tld;
      case 1 -> name + "[at]" + domain + "[dot]" + tld;
      case 2 -> name + " (at) " + domain + "." + tld;
      case 3 -> name + "＠" + domain + "." + tld;
      default -> name + " {at} " + domain + " (dot) " + tld;
    };
  }

  private String cnId() {
    String[] regions = {
      "110105", "310104", "440305", "320102", "510107", "330106", "420111", "610113"
    };
    String first17 =
        regions[random.nextInt(regions.length)]
            + (1950 + random.nextInt(56))
            + RandomText.two(1 + random.nextInt(12))
            + RandomText.two(1 + random.nextInt(28))
            + randomText.digits(3);
    return first17 + RedactionCorpusGenerator.cnIdCheck(first17);
  }

  private String spacedCnId() {
    String id = cnId();
    return switch (random.nextInt(3)) {
      case 0 -> id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14);
      case 1 ->
          id.substring(0, 6)
              + " "
              + id.substring(6, 10)
              + " "
              + id.substring(10, 14)
              + " "
              + id.substring(14);
      default -> id.substring(0, 6) + "-" + id.substring(6, 14) + "-" + id.substring(14);
    };
  }

  /** A PEM key inside a JSON string (newlines as backslash-n), cut before its END line. */
  private String escapedPemWithoutEnd() {
    StringBuilder pem =
        new StringBuilder(
            "-----BEGIN " + (random.nextBoolean() ? "" : "RSA ") + "PRIVATE KEY-----");
    int lines = 2 + random.nextInt(4);
    for (int i = 0; i < lines; i++) {
      pem.append("\\n").append(randomText.chars(BASE64, 64));
    }
    return pem.append("\\n").append(randomText.chars(BASE64, 10 + random.nextInt(40))).toString();
  }

  private String email() {
    String[] names = {"alice", "bob.li", "wang_fang", "ops", "m.garcia"};
    String[] domains = {"example.com", "qq.com", "corp.example.org", "163.com"};
    return names[random.nextInt(names.length)]
        + randomText.digits(2)
        + "@"
        + domains[random.nextInt(domains.length)];
  }

  private String card() {
    String body = "4" + randomText.digits(14);
    String n = body + RedactionCorpusGenerator.luhnCheck(body);
    return random.nextBoolean()
        ? n
        : n.substring(0, 4)
            + " "
            + n.substring(4, 8)
            + " "
            + n.substring(8, 12)
            + " "
            + n.substring(12);
  }

  private String openAiKey() {
    return "sk-proj-"
        + randomText.chars(ALNUM, 20)
        + randomText.digits(2)
        + randomText.chars(ALNUM, 20);
  }

  private String e164() {
    return random.nextBoolean()
        ? "+44 7700 " + randomText.digits(6)
        : "+1 (" + (2 + random.nextInt(8)) + randomText.digits(2) + ") 555-" + randomText.digits(4);
  }

  // --- clean near-misses
  // ---------------------------------------------------------------------------------------

  private void negatives() {
    int rounds = heldOut ? 12 : 32;
    for (int i = 0; i < rounds; i++) {
      keep(
          "en",
          "prompt",
          "Order #"
              + randomText.digits(10)
              + " shipped on 2024-0"
              + (1 + random.nextInt(9))
              + "-1"
              + random.nextInt(10)
              + ", total $"
              + (10 + random.nextInt(990))
              + "."
              + randomText.digits(2));
      keep(
          "zh",
          "prompt",
          "订单号"
              + "2024"
              + RandomText.two(1 + random.nextInt(12))
              + randomText.digits(12)
              + "，金额￥"
              + random.nextInt(9999)
              + "."
              + randomText.digits(2)
              + "，预计"
              + (1 + random.nextInt(5))
              + "天内送达");
      keep(
          "en",
          "log",
          randomText.timestamp()
              + " INFO request "
              + randomText.uuid()
              + " took "
              + random.nextInt(3000)
              + " ms");
      keep("en", "log", "commit " + randomText.chars(HEX, 40) + " deployed to aws us-east-1 by ci");
      keep(
          "en",
          "code",
          "[assembly: AssemblyVersion(\"" + randomText.version(10, 20, 20, 200) + "\")]");
      keep("en", "log", "agent version " + randomText.version(20, 10, 10, 250) + " started");
      keep("zh", "log", "固件版本 " + randomText.version(5, 10, 10, 100) + " 已是最新");
      keep("en", "code", pick(CODE_MENTIONING_SECRETS));
      keep("en", "code", pick(CODE_MENTIONING_SECRETS_2));
      keep(
          "zh",
          "prompt",
          "2024年第"
              + (1 + random.nextInt(4))
              + "季度营收"
              + random.nextInt(100)
              + "."
              + random.nextInt(10)
              + "亿元，同比增长"
              + random.nextInt(30)
              + "."
              + random.nextInt(10)
              + "%，共"
              + random.nextInt(9)
              + ","
              + randomText.digits(3)
              + ","
              + randomText.digits(3)
              + "笔订单");
      keep(
          "zh",
          "rag",
          "第"
              + random.nextInt(200)
              + "条规定：应在"
              + random.nextInt(90)
              + "日内完成，逾期按每日"
              + random.nextInt(5)
              + "."
              + random.nextInt(10)
              + "‰收取滞纳金。");
      keep("en", "prompt", "SSN " + invalidSsn() + " is not valid, right?");
      keep("en", "prompt", "declined card " + invalidCard() + " — typo?");
      keep("zh", "prompt", "身份证号 " + invalidCnId() + " 校验不通过");
      keep("en", "log", "sha256:" + randomText.chars(HEX, 64) + " pulled");
      keep(
          "en",
          "prompt",
          "The passport office at "
              + (100 + random.nextInt(800))
              + " Main St opens at "
              + (7 + random.nextInt(3))
              + " am.");
      keep(
          "zh",
          "prompt",
          "护照还有" + (1 + random.nextInt(11)) + "个月到期，办签证要提前" + (10 + random.nextInt(20)) + "天");
      keep(
          "en",
          "prompt",
          "Keep this secret: the launch is on "
              + RandomText.two(1 + random.nextInt(12))
              + "/"
              + RandomText.two(1 + random.nextInt(28))
              + ".");
      keep(
          "en",
          "json",
          "{\"id\": \""
              + randomText.uuid()
              + "\", \"version\": \""
              + randomText.version(5, 9, 9)
              + "\", \"max_tokens\": "
              + (256 + random.nextInt(4000))
              + "}");
      keep(
          "en",
          "log",
          "GET /api/v1/items/"
              + randomText.digits(9)
              + "?page="
              + random.nextInt(40)
              + " 200 "
              + random.nextInt(900)
              + "ms");
      keep(
          "en",
          "prompt",
          "ZIP "
              + randomText.digits(5)
              + "-"
              + randomText.digits(4)
              + ", invoice INV-"
              + randomText.digits(6));
      keep(
          "en",
          "prompt",
          "ISBN 978-"
              + random.nextInt(10)
              + "-"
              + randomText.digits(3)
              + "-"
              + randomText.digits(5)
              + "-"
              + random.nextInt(10));
      keep(
          "en",
          "log",
          "build "
              + (2020 + random.nextInt(6))
              + "."
              + RandomText.two(1 + random.nextInt(12))
              + "."
              + RandomText.two(1 + random.nextInt(28))
              + "."
              + random.nextInt(9)
              + " succeeded");
      keep(
          "en",
          "prompt",
          "Meeting "
              + RandomText.two(8 + random.nextInt(4))
              + ":30-"
              + RandomText.two(13 + random.nextInt(5))
              + ":00 in room "
              + (100 + random.nextInt(900)));
      keep(
          "zh",
          "log",
          "耗时"
              + random.nextInt(5000)
              + "ms，重试"
              + random.nextInt(5)
              + "次，线程池大小"
              + (8 << random.nextInt(4)));
    }
  }

  private static final String[] CODE_MENTIONING_SECRETS = {
    "password = os.environ[\"DB_PASSWORD\"]",
    "password: str = Field(..., min_length=8)",
    "if password == confirm_password:\n    save(user)",
    "String password = request.getParameter(\"password\");",
    "this.password = password;",
    "password = getpass.getpass()",
    "const password = process.env.DB_PASSWORD;",
    "api_key = settings.OPENAI_API_KEY",
    "secret_key: SecretStr",
    "password = hash_password(raw_password)",
    "client_secret = config.get(\"oauth\", \"client_secret\")",
    "db_password = os.getenv('DB_PASSWORD', '')",
  };

  private static final String[] CODE_MENTIONING_SECRETS_2 = {
    "user.password = bcrypt.hashpw(password, salt)",
    "password = None",
    "if (!password.equals(confirmPassword)) { throw new IllegalArgumentException(); }",
    "private String password;",
    "password: string;",
    "pwd = input(\"Password: \")",
    "auth_token = response.json()[\"token\"]",
    "access_token = token_response.access_token",
    "<input type=\"password\" name=\"password\" placeholder=\"Password\">",
    "validates :password, length: { minimum: 8 }",
    "password_hash = models.CharField(max_length=128)",
    "def check(password: str) -> bool:",
  };

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private String invalidSsn() {
    return switch (random.nextInt(3)) {
      case 0 ->
          "000-"
              + RandomText.two(1 + random.nextInt(99))
              + "-"
              + RandomText.four(1 + random.nextInt(9999));
      case 1 ->
          "666-"
              + RandomText.two(1 + random.nextInt(99))
              + "-"
              + RandomText.four(1 + random.nextInt(9999));
      default ->
          (900 + random.nextInt(100))
              + "-"
              + RandomText.two(1 + random.nextInt(99))
              + "-"
              + RandomText.four(1 + random.nextInt(9999));
    };
  }

  private String invalidCard() {
    String body = "4" + randomText.digits(14);
    char check = RedactionCorpusGenerator.luhnCheck(body);
    return body + (char) ('0' + (check - '0' + 1 + random.nextInt(8)) % 10);
  }

  private String invalidCnId() {
    String valid = cnId();
    char check = valid.charAt(17);
    char wrong = check == '0' ? '1' : check == 'X' ? '0' : (char) (check == '9' ? 'X' : check + 1);
    return valid.substring(0, 17) + wrong;
  }
}
