//! The one rule by which names are compared: actor keys and aliases given on the
//! command line, in claims files and in tables, and the `folded` column of
//! `actor_aliases`.
//!
//! [`fold`] trims surrounding white space, then applies Unicode canonical caseless
//! matching (Unicode 3.13, D145: NFD, full default case folding, NFD again) and stores
//! the result in NFC. So `Café` typed as one code point (NFC) or as `e` + U+0301 (NFD)
//! is one name, `"Zelenskyy "` is `Zelenskyy`, `Зеленський` is `зеленський`, and
//! `STRASSE` is `Straße` (full folding maps ß to ss, which lowercasing does not; and it
//! is context-free, unlike `str::to_lowercase`'s final sigma). The case folding is the
//! `caseless` crate's table of Unicode's CaseFolding.txt (statuses C and F), the
//! normalisation the `unicode-normalization` crate's.
//!
//! Compatibility forms other than those case folding merges (it maps `ﬁ` to `fi`) stay
//! distinct: full-width `Ａ` is not `A`, as NFKC would make it, since NFKC also merges
//! superscripts and fractions that a name may mean.

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;

/// A name as it is compared and as `actor_aliases.folded` stores it.
pub fn fold(name: &str) -> String {
    name.trim().nfd().default_case_fold().nfd().nfc().collect()
}

/// A name as it is stored for display: surrounding white space removed and in NFC, so
/// that what is shown is what was typed, written one way.
pub fn clean(name: &str) -> String {
    name.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fold_for_spellings_of_one_name() {
        assert_eq!(fold("Caf\u{e9}"), fold("Cafe\u{301}"));
        assert_eq!(fold("Caf\u{e9}"), "caf\u{e9}");
        assert_eq!(fold("Zelenskyy "), "zelenskyy");
        assert_eq!(fold("\u{a0}Zelenskyy\t"), "zelenskyy");
        assert_eq!(fold("Зеленський"), "зеленський");
        assert_eq!(fold("STRASSE"), fold("Straße"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("οδος"), fold("οδοσ"));
        assert_eq!(fold("ﬁ"), "fi");
        assert_ne!(fold("Ａ"), fold("A"));
        assert_eq!(fold("zelensky"), "zelensky");
    }

    #[test]
    fn clean_trims_and_composes() {
        assert_eq!(clean(" Cafe\u{301} "), "Caf\u{e9}");
        assert_eq!(clean("Zelenskyy"), "Zelenskyy");
    }
}
