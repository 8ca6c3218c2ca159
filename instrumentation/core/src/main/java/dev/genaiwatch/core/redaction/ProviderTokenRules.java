package dev.genaiwatch.core.redaction;

import static dev.genaiwatch.core.redaction.PatternRule.contains;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Credentials that announce themselves by a provider's prefix or URL: Google API keys ({@code AIza}
 * and 35 characters, also as {@code key=} in a URL), Stripe secret/restricted keys and webhook
 * secrets, Hugging Face tokens, Azure shared-access signatures ({@code sig=} of a SAS URL) and
 * storage account keys ({@code AccountKey=}), and Slack incoming-webhook URLs. Each pattern starts
 * only where its prefix is, like the other built-in credential rules, and is bounded, so it cannot
 * backtrack.
 */
final class ProviderTokenRules {
  private ProviderTokenRules() {}

  static List<RedactionRule> all() {
    return List.of(
        new PatternRule(
                "google_api_key",
                "GOOGLE_API_KEY",
                contains("AIza"),
                Pattern.compile("(?<![A-Za-z0-9_\\-])AIza[0-9A-Za-z_\\-]{35}(?![A-Za-z0-9_\\-])"),
                value -> true)
            .startingWith("A", (text, i) -> text.startsWith("AIza", i))
            .atWordStarts(),
        new PatternRule(
                "stripe_key",
                "STRIPE_KEY",
                text ->
                    text.contains("_live_") || text.contains("_test_") || text.contains("whsec_"),
                Pattern.compile(
                    "(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,247}+|whsec_[0-9A-Za-z]{24,128}+)"
                        + "(?![A-Za-z0-9_])"),
                BuiltInRules::looksLikeKey)
            .startingWith(
                "srw",
                (text, i) ->
                    text.startsWith("sk_", i)
                        || text.startsWith("rk_", i)
                        || text.startsWith("whsec_", i))
            .atWordStarts(),
        new PatternRule(
                "huggingface_token",
                "HF_TOKEN",
                contains("hf_"),
                Pattern.compile(
                    "(?<![A-Za-z0-9_])(?:hf_|api_org_)[A-Za-z0-9]{30,40}+(?![A-Za-z0-9_])"),
                BuiltInRules::looksLikeKey)
            .startingWith(
                "ha", (text, i) -> text.startsWith("hf_", i) || text.startsWith("api_org_", i))
            .atWordStarts(),
        PatternRule.valueInGroup(
                "azure_sas",
                "AZURE_SAS",
                contains("sig="),
                Pattern.compile(
                    "(?<=[?&;\\s])sig=((?:[A-Za-z0-9+/]|%2[BbFf]){20,256}+(?:=|%3[Dd]){0,2}+)"),
                value -> true)
            .startingWith("s", (text, i) -> text.startsWith("sig=", i))
            .atWordStarts(),
        PatternRule.valueInGroup(
                "azure_account_key",
                "AZURE_KEY",
                text -> text.contains("AccountKey=") || text.contains("SharedAccessKey="),
                Pattern.compile(
                    "(?<![A-Za-z])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,100}+={0,2}+)"),
                value -> true)
            .startingWith(
                "AS",
                (text, i) ->
                    text.startsWith("AccountKey=", i) || text.startsWith("SharedAccessKey=", i)),
        PatternRule.valueInGroup(
                "slack_webhook",
                "SLACK_WEBHOOK",
                contains("hooks.slack.com/"),
                Pattern.compile(
                    "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9]{6,16}+/[A-Za-z0-9]{6,16}+"
                        + "/[A-Za-z0-9]{16,64}+)"),
                value -> true)
            .startingWith("h", (text, i) -> text.startsWith("hooks.slack.com/", i)));
  }
}
