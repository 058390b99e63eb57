//! Removing secrets from text the service (or a proxy) sent back.
//!
//! An answer can echo a token or password in forms other than the one
//! sent: XML-escaped (`p&amp;ss`), wrapped over several lines, or with its
//! own runs of spaces collapsed. Each secret is therefore looked for in
//! every escaped form, and matched loosely: white space in the text is
//! ignored between the secret's characters, and white space inside the
//! secret is not required. A match can only widen what is hidden, never
//! show more.

/// What a secret is replaced with.
const REDACTED: &str = "<redacted>";

/// `text` with every occurrence of each of `secrets`, in any of its
/// escaped forms and whatever white space surrounds its characters,
/// replaced by `<redacted>`. Empty (or all-white-space) secrets are
/// ignored.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut forms: Vec<String> = secrets
        .iter()
        .flat_map(|secret| escaped_forms(secret))
        .collect();
    // Longest first, so a longer escaped form is not cut short by a shorter
    // one that it contains.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms.dedup();

    forms
        .iter()
        .fold(text.to_owned(), |text, form| redact_loosely(&text, form))
}

/// The secret as sent, and as an XML writer may have escaped it: the
/// three characters that must be escaped, then quotes too, named or
/// numeric.
fn escaped_forms(secret: &str) -> Vec<String> {
    let markup = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let named_quotes = markup.replace('"', "&quot;").replace('\'', "&apos;");
    let numeric_quotes = markup.replace('"', "&#34;").replace('\'', "&#39;");
    vec![secret.to_owned(), markup, named_quotes, numeric_quotes]
}

/// Replaces each loose match of `secret` in `text` by [`REDACTED`].
fn redact_loosely(text: &str, secret: &str) -> String {
    let wanted: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(&first) = wanted.first() else {
        return text.to_owned();
    };

    let mut redacted = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(first) {
        let (kept, candidate) = rest.split_at(start);
        redacted.push_str(kept);
        match loose_match_len(candidate, &wanted) {
            Some(len) => {
                redacted.push_str(REDACTED);
                rest = &candidate[len..];
            }
            None => {
                redacted.push(first);
                rest = &candidate[first.len_utf8()..];
            }
        }
    }
    redacted.push_str(rest);
    redacted
}

/// The length in bytes of the prefix of `text` whose characters, white
/// space skipped, are exactly `wanted`; `None` when there is none.
fn loose_match_len(text: &str, wanted: &[char]) -> Option<usize> {
    let mut matched = 0;
    for (index, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if c != wanted[matched] {
            return None;
        }
        matched += 1;
        if matched == wanted.len() {
            return Some(index + c.len_utf8());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_and_every_occurrence_is_replaced() {
        assert_eq!(
            redact("a s3cr3t b s3cr3t c", &["s3cr3t"]),
            "a <redacted> b <redacted> c"
        );
        assert_eq!(
            redact("x=a&amp;b y=a&b", &["a&b"]),
            "x=<redacted> y=<redacted>"
        );
        assert_eq!(
            redact("token ey.AB\n CD. end", &["ey.ABCD."]),
            "token <redacted> end"
        );
    }

    #[test]
    fn text_without_the_secret_is_left_alone() {
        let text = "the s3cr3 is near, s 3 c r 3 x too";
        assert_eq!(redact(text, &["s3cr3t"]), text);
        assert_eq!(redact(text, &["", "  "]), text);
        assert_eq!(redact("ünïcödé stays", &["dé!"]), "ünïcödé stays");
    }

    #[test]
    fn an_overlapping_prefix_does_not_hide_a_later_match() {
        assert_eq!(redact("aab", &["ab"]), "a<redacted>");
    }
}
