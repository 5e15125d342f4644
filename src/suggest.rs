//! "Did you mean ...?" suggestions for mistyped keys and vocabulary words.

/// The closest candidates to `input`, formatted as `'a'` or `'a' or 'b'`, if any is close.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let needle = input.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&needle, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    let names: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, c)| format!("'{c}'"))
        .collect();
    match names.len() {
        0 => None,
        1 => Some(names[0].clone()),
        _ => Some(format!(
            "{} or {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_nearest_names() {
        let names = ["zelensky", "putin", "trump"];
        assert_eq!(
            did_you_mean("zelenskiy", names).as_deref(),
            Some("'zelensky'")
        );
        assert_eq!(did_you_mean("xyz", names), None);
    }
}
