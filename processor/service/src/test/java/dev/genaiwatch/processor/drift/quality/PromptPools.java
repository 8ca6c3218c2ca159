package dev.genaiwatch.processor.drift.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Distinct prompts of a support chatbot (the stationary traffic), of a coding assistant (the topic
 * shift) and of the same support questions asked in German and Chinese (the language shift):
 * templates times fillers, at least 200 each, so the prompts repeat as real ones do but no window
 * sees only a handful.
 */
final class PromptPools {
  private PromptPools() {}

  static final List<String> SUPPORT =
      cross(
          List.of(
              "How do I reset the password for my %s account?",
              "Where can I download the invoice for my %s subscription?",
              "Why was my card charged twice for %s this month?",
              "Can I upgrade my %s plan in the middle of the billing cycle?",
              "How do I cancel my %s subscription and get a refund for the unused days?",
              "What payment methods do you accept for %s?",
              "How long does a refund for %s take to reach my bank account?",
              "I cannot log in to %s after changing my email address, what should I do?",
              "Is there a student discount for %s?",
              "How do I add a second user to my %s account?",
              "My %s order shows as delivered but I never received it.",
              "Can I change the billing address on my %s invoices after payment?"),
          List.of(
              "Basic",
              "Pro",
              "Team",
              "Enterprise",
              "the mobile app",
              "the family plan",
              "Premium",
              "the annual plan",
              "the starter kit",
              "the cloud backup",
              "the photo storage",
              "the music service",
              "the video service",
              "the news bundle",
              "the gaming pass",
              "the office suite",
              "the VPN",
              "the password manager",
              "the smart home hub",
              "the fitness tracker"));

  static final List<String> CODING =
      cross(
          List.of(
              "Write a Java function that parses %s and returns a map of fields.",
              "Why does my Python script throw a KeyError when reading %s?",
              "Explain how to stream %s from a REST endpoint with backpressure.",
              "Refactor this loop that processes %s so it runs in parallel safely.",
              "What is the fastest way to deduplicate %s in PostgreSQL?",
              "Write unit tests for a class that validates %s.",
              "How do I index %s in Elasticsearch for prefix search?",
              "My Kubernetes job that imports %s runs out of memory, how do I debug it?",
              "Convert this SQL query over %s into a pandas expression.",
              "Design a retry policy for a client that uploads %s.",
              "How do I mock the HTTP client that downloads %s in JUnit 5?",
              "Profile a Go service that serialises %s to JSON too slowly."),
          List.of(
              "CSV files",
              "ISO dates",
              "nested JSON",
              "log lines",
              "YAML configs",
              "protobuf messages",
              "user records",
              "audit events",
              "invoice rows",
              "sensor readings",
              "email headers",
              "URLs",
              "IPv6 addresses",
              "currency amounts",
              "time zones",
              "Markdown tables",
              "XML feeds",
              "Parquet files",
              "image metadata",
              "phone numbers"));

  static final List<String> OTHER_LANGUAGES =
      cross(
          List.of(
              "Wie setze ich das Passwort für mein %s-Konto zurück?",
              "Wo kann ich die Rechnung für mein %s-Abonnement herunterladen?",
              "Warum wurde meine Karte diesen Monat zweimal für %s belastet?",
              "Kann ich meinen %s-Tarif mitten im Abrechnungszeitraum ändern?",
              "Wie kündige ich %s und bekomme die ungenutzten Tage erstattet?",
              "Welche Zahlungsmethoden akzeptieren Sie für %s?",
              "我怎样重置我的%s账户密码？",
              "在哪里可以下载%s订阅的发票？",
              "为什么这个月%s从我的卡上扣了两次款？",
              "我可以在计费周期中途升级%s套餐吗？",
              "如何取消%s订阅并退还未使用的天数？",
              "%s支持哪些付款方式？"),
          List.of(
              "Basic",
              "Pro",
              "Team",
              "Enterprise",
              "Mobil-App",
              "Familien",
              "Premium",
              "Jahres",
              "Starter",
              "Cloud-Backup",
              "Foto",
              "Musik",
              "Video",
              "News",
              "Gaming",
              "Office",
              "VPN",
              "Passwort-Manager",
              "Smart-Home",
              "Fitness"));

  /**
   * Held out: cooking questions, written after the embedding design was frozen; the report is the
   * only run that uses them.
   */
  static final List<String> COOKING =
      cross(
          List.of(
              "How long should I roast %s in the oven at 200 degrees?",
              "Can I freeze %s after cooking, and how do I reheat it?",
              "What spices go well with %s in a curry?",
              "My %s always turns out dry, what am I doing wrong?",
              "Give me a vegetarian substitute for %s in lasagna.",
              "How do I know when %s is cooked through without a thermometer?",
              "What wine would you pair with %s for a dinner party?",
              "Is it safe to eat %s that was left out overnight?",
              "How much %s do I need to feed eight people?",
              "What is the best way to marinate %s for the grill?",
              "Can I make %s in a slow cooker instead of on the stove?",
              "Why does my %s stick to the pan even with oil?"),
          List.of(
              "chicken thighs",
              "salmon",
              "pork shoulder",
              "tofu",
              "lamb chops",
              "brisket",
              "chickpeas",
              "aubergine",
              "risotto rice",
              "sweet potatoes",
              "shrimp",
              "duck breast",
              "lentils",
              "cauliflower",
              "beef mince",
              "mushrooms",
              "cod fillets",
              "halloumi",
              "butternut squash",
              "turkey breast"));

  /** Held out: the support questions in French and Spanish, written after the design was frozen. */
  static final List<String> FRENCH_SPANISH =
      cross(
          List.of(
              "Comment réinitialiser le mot de passe de mon compte %s ?",
              "Où puis-je télécharger la facture de mon abonnement %s ?",
              "Pourquoi ma carte a-t-elle été débitée deux fois pour %s ce mois-ci ?",
              "Puis-je changer mon forfait %s en cours de période de facturation ?",
              "Comment résilier %s et me faire rembourser les jours non utilisés ?",
              "Quels moyens de paiement acceptez-vous pour %s ?",
              "¿Cómo restablezco la contraseña de mi cuenta %s?",
              "¿Dónde puedo descargar la factura de mi suscripción %s?",
              "¿Por qué me cobraron dos veces %s este mes?",
              "¿Puedo mejorar mi plan %s a mitad del ciclo de facturación?",
              "¿Cómo cancelo %s y recupero el dinero de los días no usados?",
              "¿Qué métodos de pago aceptan para %s?"),
          List.of(
              "Basic",
              "Pro",
              "Team",
              "Entreprise",
              "application mobile",
              "famille",
              "Premium",
              "annuel",
              "Starter",
              "sauvegarde",
              "fotos",
              "música",
              "vídeo",
              "noticias",
              "juegos",
              "oficina",
              "VPN",
              "contraseñas",
              "hogar inteligente",
              "fitness"));

  /** The prompts of the traffic after {@code shift} started. */
  static List<String> after(Shift shift) {
    return switch (shift) {
      case TOPIC -> CODING;
      case LANGUAGE -> OTHER_LANGUAGES;
      case TOPIC_HELD_OUT -> COOKING;
      case LANGUAGE_HELD_OUT -> FRENCH_SPANISH;
      default -> SUPPORT;
    };
  }

  private static List<String> cross(List<String> templates, List<String> fillers) {
    List<String> out = new ArrayList<>();
    for (String template : templates) {
      for (String filler : fillers) {
        out.add(String.format(template, filler));
      }
    }
    return List.copyOf(out);
  }
}
